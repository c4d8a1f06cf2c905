/**
 * The stored allocations (docs/rules.md#bills-payments-and-compliance): every write that moves a bill or a payment
 * re-derives its account's rows with allocation.ts in the same transaction; the rebuild re-derives every account's.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';
import { asDate } from '../common/sql-values.js';
import { allocatePayments, sortAllocations, type AllocatableBill, type AllocatablePayment, type Allocation } from './allocation.js';

/** The rows of `accountIds` as the rule needs them, by account. */
async function allocationInputs(em: EntityManager, accountIds: number[]) {
  const [bills, payments] = await Promise.all([
    db(em).selectFrom('bill').select(['id', 'account_id', 'issued_at', 'due_date', 'amount_cents'])
      .where('account_id', 'in', accountIds).execute(),
    db(em).selectFrom('payment').select(['id', 'account_id', 'bill_id', 'paid_at', 'amount_cents', 'status'])
      .where('account_id', 'in', accountIds).where('status', '=', 'processed').execute(),
  ]);
  const byAccount = new Map<number, { bills: AllocatableBill[]; payments: AllocatablePayment[] }>(accountIds.map((id) => [id, { bills: [], payments: [] }]));
  for (const b of bills) {
    byAccount.get(b.account_id)?.bills.push({ id: b.id, issuedAt: asDate(b.issued_at), dueDate: asDate(b.due_date), amountCents: b.amount_cents });
  }
  for (const p of payments) {
    byAccount.get(p.account_id)?.payments.push({ id: p.id, billId: p.bill_id, paidAt: p.paid_at, amountCents: p.amount_cents, status: p.status });
  }
  return byAccount;
}

/** The stored rows of `accountIds`, by account, in the rule's order. */
async function storedAllocations(em: EntityManager, accountIds: number[]): Promise<Map<number, Allocation[]>> {
  const rows = await db(em).selectFrom('payment_allocation')
    .select(['account_id', 'payment_id', 'bill_id', 'amount_cents', 'applied_on'])
    .where('account_id', 'in', accountIds).execute();
  const byAccount = new Map<number, Allocation[]>(accountIds.map((id) => [id, []]));
  for (const r of rows) {
    byAccount.get(r.account_id)?.push({ paymentId: r.payment_id, billId: r.bill_id, amountCents: r.amount_cents, appliedOn: r.applied_on });
  }
  for (const list of byAccount.values()) sortAllocations(list);
  return byAccount;
}

const keyOf = (a: Allocation) => `${a.paymentId}:${a.billId}:${a.amountCents}:${a.appliedOn}`;

/** Rows to delete (stored, not expected) and to insert (expected, not stored). */
function difference(stored: Allocation[], expected: Allocation[]) {
  const want = new Set(expected.map(keyOf));
  const have = new Set(stored.map(keyOf));
  return { stale: stored.filter((a) => !want.has(keyOf(a))), missing: expected.filter((a) => !have.has(keyOf(a))) };
}

async function writeDifference(em: EntityManager, accountId: number, stale: Allocation[], missing: Allocation[]): Promise<void> {
  for (const a of stale) {
    await db(em).deleteFrom('payment_allocation').where('payment_id', '=', a.paymentId).where('bill_id', '=', a.billId).execute();
  }
  if (missing.length === 0) return;
  await db(em).insertInto('payment_allocation')
    .values(missing.map((a) => ({ account_id: accountId, payment_id: a.paymentId, bill_id: a.billId, amount_cents: a.amountCents, applied_on: a.appliedOn })))
    .execute();
}

/**
 * Re-derives one account's allocations and writes what changed; call it inside the
 * transaction that changed a bill or a payment of the account (its row locked).
 */
export async function reallocateAccount(em: EntityManager, accountId: number, timeZone: string): Promise<Allocation[]> {
  const [inputs, stored] = await Promise.all([allocationInputs(em, [accountId]), storedAllocations(em, [accountId])]);
  const { bills, payments } = inputs.get(accountId) ?? { bills: [], payments: [] };
  const expected = allocatePayments(bills, payments, timeZone);
  const { stale, missing } = difference(stored.get(accountId) ?? [], expected);
  await writeDifference(em, accountId, stale, missing);
  return expected;
}

export interface RebuildReport {
  accounts: number;
  /** Rows the rule gives for every account. */
  expectedRows: number;
  storedRows: number;
  /** Accounts whose stored rows differed from the rule's (before any write). */
  differingAccounts: string[];
  staleRows: number;
  missingRows: number;
  written: boolean;
}

const CHUNK = 500;

/**
 * Every account's allocations from scratch, compared with the stored rows; with `write`,
 * each differing account is corrected in its own transaction (row locked, re-derived
 * again so a payment recorded meanwhile is not lost).
 */
export async function rebuildAllocations(em: EntityManager, timeZone: string, options: { write: boolean }): Promise<RebuildReport> {
  const accounts = await db(em).selectFrom('account').select(['id', 'account_number']).orderBy('id').execute();
  const report: RebuildReport = { accounts: accounts.length, expectedRows: 0, storedRows: 0, differingAccounts: [], staleRows: 0, missingRows: 0, written: options.write };
  for (let i = 0; i < accounts.length; i += CHUNK) {
    const chunk = accounts.slice(i, i + CHUNK);
    const ids = chunk.map((a) => a.id);
    const [inputs, stored] = await Promise.all([allocationInputs(em, ids), storedAllocations(em, ids)]);
    for (const account of chunk) {
      const { bills, payments } = inputs.get(account.id) ?? { bills: [], payments: [] };
      const expected = allocatePayments(bills, payments, timeZone);
      const have = stored.get(account.id) ?? [];
      report.expectedRows += expected.length;
      report.storedRows += have.length;
      const { stale, missing } = difference(have, expected);
      if (stale.length === 0 && missing.length === 0) continue;
      report.differingAccounts.push(account.account_number);
      report.staleRows += stale.length;
      report.missingRows += missing.length;
      if (options.write) {
        await em.fork().transactional(async (tx) => {
          await db(tx).selectFrom('account').select('id').where('id', '=', account.id).forUpdate().execute();
          await reallocateAccount(tx, account.id, timeZone);
        });
      }
    }
  }
  return report;
}

/** The allocations of these payments (a page of the payment history), by payment, oldest bill first. */
export function allocationsOfPayments(em: EntityManager, paymentIds: number[]): Promise<Map<number, Allocation[]>> {
  return allocationsBy(em, 'payment_id', paymentIds, 'bill_id');
}

/** The allocations to these bills (a page of bills), by bill. */
export function allocationsOfBills(em: EntityManager, billIds: number[]): Promise<Map<number, Allocation[]>> {
  return allocationsBy(em, 'bill_id', billIds, 'payment_id');
}

/** Allocation rows whose `key` is one of `ids`, grouped by it, in the order applied (then by the other side). */
async function allocationsBy(em: EntityManager, key: 'payment_id' | 'bill_id', ids: number[], then: 'payment_id' | 'bill_id'): Promise<Map<number, Allocation[]>> {
  const grouped = new Map<number, Allocation[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return grouped;
  const rows = await db(em).selectFrom('payment_allocation')
    .select(['payment_id', 'bill_id', 'amount_cents', 'applied_on'])
    .where(key, 'in', ids).orderBy('applied_on').orderBy(then).execute();
  for (const r of rows) grouped.get(r[key])?.push({ paymentId: r.payment_id, billId: r.bill_id, amountCents: r.amount_cents, appliedOn: r.applied_on });
  return grouped;
}
