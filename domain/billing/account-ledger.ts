/**
 * An account's money rows as the balance and allocation rules replay them (docs/rules.md#bills-payments-and-compliance),
 * read for one account or a batch in ONE statement, and the write that follows a bill or a payment: the allocation
 * difference, the derived dates and the balance, each one set-based statement for any number of accounts.
 * Payments, settlements and the bill import all go through here, so one write costs a handful of statements.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { computeBalance } from './balance.js';
import { allocatePayments, sortAllocations, type AllocatableBill, type AllocatablePayment, type Allocation } from './allocation.js';
import { calendarDay, isoDay, utilityDay } from '../common/calendar.js';
import { db } from '../common/database.js';

export interface Ledger {
  bills: AllocatableBill[];
  /** Processed payments only: the others neither count nor allocate. */
  payments: AllocatablePayment[];
  adjustments: Array<{ createdAt: Date; amountCents: number }>;
  /** The stored allocation rows. */
  allocations: Allocation[];
}

export interface MoneyDates { overdueSince: string | null; lastBillingDate: string | null }

const emptyLedger = (): Ledger => ({ bills: [], payments: [], adjustments: [], allocations: [] });

/** An account's ledger as `ledgerColumns` select it: JSON arrays of arrays, the smallest shape to send and parse. */
export type LedgerColumns = {
  bills: [number, string, string, number][]; payments: [number, number | null, string, number][];
  adjustments: [string, number][]; allocations: [number, number, number, string][];
};

/** The ledger of the account whose id is `accountId` (a column of the enclosing select) as four JSON columns. */
export function ledgerColumns(accountId: RawBuilder<number>): RawBuilder<LedgerColumns> {
  return sql<LedgerColumns>`
      (select coalesce(json_agg(json_build_array(b.id, b.issued_at, b.due_date, b.amount_cents)), '[]') from bill b where b.account_id = ${accountId}) as bills,
      (select coalesce(json_agg(json_build_array(p.id, p.bill_id, p.paid_at, p.amount_cents)), '[]') from payment p
        where p.account_id = ${accountId} and p.status = 'processed') as payments,
      (select coalesce(json_agg(json_build_array(j.created_at, j.amount_cents)), '[]') from adjustment j where j.account_id = ${accountId}) as adjustments,
      (select coalesce(json_agg(json_build_array(pa.payment_id, pa.bill_id, pa.amount_cents, pa.applied_on)), '[]') from payment_allocation pa
        where pa.account_id = ${accountId}) as allocations`;
}

/** `ledgerColumns`' row as the rules take it. */
export function toLedger(r: LedgerColumns): Ledger {
  return {
    bills: r.bills.map(([id, issued, due, amountCents]) => ({ id, issuedAt: new Date(issued), dueDate: new Date(due), amountCents })),
    payments: r.payments.map(([id, billId, paidAt, amountCents]) => ({ id, billId, paidAt: new Date(paidAt), amountCents, status: 'processed' as const })),
    adjustments: r.adjustments.map(([createdAt, amountCents]) => ({ createdAt: new Date(createdAt), amountCents })),
    allocations: sortAllocations(r.allocations.map(([paymentId, billId, amountCents, appliedOn]) => ({ paymentId, billId, amountCents, appliedOn }))),
  };
}

/**
 * The ledgers of `accountIds` in one statement (json arrays per account). Call it after the accounts are locked:
 * a statement that waited for a lock would otherwise read sub-selects from before the other write committed.
 */
export async function loadLedgers(em: EntityManager, accountIds: number[]): Promise<Map<number, Ledger>> {
  const ledgers = new Map<number, Ledger>(accountIds.map((id) => [id, emptyLedger()]));
  if (accountIds.length === 0) return ledgers;
  const { rows } = await sql<LedgerColumns & { id: number }>`
    select a.id, ${ledgerColumns(sql.ref('a.id'))}
    from unnest(${sql.val(accountIds)}::int[]) as a(id)`.execute(db(em));
  for (const r of rows) ledgers.set(r.id, toLedger(r));
  return ledgers;
}

/** Overdue-since and the last billing date as the rules derive them from the ledger on `asOf` (the nightly run's figures). */
export function moneyDates(ledger: Ledger, asOf: Date, timeZone: string): MoneyDates {
  const balance = computeBalance({ asOf, timeZone, bills: ledger.bills, payments: ledger.payments, adjustments: ledger.adjustments });
  const today = utilityDay(asOf, timeZone);
  const latest = ledger.bills.map((b) => b.issuedAt).filter((d) => calendarDay(d) <= today)
    .reduce<Date | null>((max, d) => (max === null || d > max ? d : max), null);
  return { overdueSince: balance.overdueSince ? isoDay(balance.overdueSince) : null, lastBillingDate: latest ? isoDay(latest) : null };
}

const keyOf = (a: Allocation) => `${a.paymentId}:${a.billId}:${a.amountCents}:${a.appliedOn}`;

/** What the replay gives for the ledger, and the stored rows to delete and to insert to match it. */
export function reallocation(ledger: Ledger, timeZone: string): { expected: Allocation[]; stale: Allocation[]; missing: Allocation[] } {
  const expected = allocatePayments(ledger.bills, ledger.payments, timeZone);
  const want = new Set(expected.map(keyOf));
  const have = new Set(ledger.allocations.map(keyOf));
  return { expected, stale: ledger.allocations.filter((a) => !want.has(keyOf(a))), missing: expected.filter((a) => !have.has(keyOf(a))) };
}

export interface AllocationChange { accountId: number; stale: Allocation[]; missing: Allocation[] }

/**
 * The stale allocation rows of any number of accounts deleted, in one statement of its own: the rows that replace
 * them may reuse their (payment, bill) pair, which the unique index would refuse inside the same statement.
 */
export async function deleteStaleAllocations(em: EntityManager, changes: AllocationChange[]): Promise<void> {
  const stale = changes.flatMap((c) => c.stale);
  if (stale.length === 0) return;
  await sql`delete from payment_allocation pa using unnest(${sql.val(stale.map((a) => a.paymentId))}::int[], ${sql.val(stale.map((a) => a.billId))}::int[]) as s(payment_id, bill_id)
    where pa.payment_id = s.payment_id and pa.bill_id = s.bill_id`.execute(db(em));
}

/** The missing allocation rows of any number of accounts as one insert, to run or to send with other writes (domain/common/writes-together.ts); null when none is missing. */
export function insertMissingAllocations(changes: AllocationChange[]): RawBuilder<unknown> | null {
  const missing = changes.flatMap((c) => c.missing.map((a) => ({ ...a, accountId: c.accountId })));
  if (missing.length === 0) return null;
  return sql`insert into payment_allocation (account_id, payment_id, bill_id, amount_cents, applied_on)
    select * from unnest(${sql.val(missing.map((a) => a.accountId))}::int[], ${sql.val(missing.map((a) => a.paymentId))}::int[],
      ${sql.val(missing.map((a) => a.billId))}::int[], ${sql.val(missing.map((a) => a.amountCents))}::bigint[], ${sql.val(missing.map((a) => a.appliedOn))}::date[])`;
}

/** The allocation differences of any number of accounts: one delete and one insert at most. */
export async function writeAllocationChanges(em: EntityManager, changes: AllocationChange[]): Promise<void> {
  await deleteStaleAllocations(em, changes);
  await insertMissingAllocations(changes)?.execute(db(em));
}

export interface BalanceMove extends MoneyDates { accountId: number; deltaCents: number }

/**
 * The balances moved and the derived dates set of any number of locked accounts, as one UPDATE (the dashboard's
 * statement-level trigger then runs once). Send it last: the counter rows it touches stay locked until commit.
 */
export function updateBalances(moves: BalanceMove[]): RawBuilder<unknown> {
  return sql`update account a set balance_cents = a.balance_cents + m.delta, overdue_since = m.overdue_since, last_billing_date = m.last_billing_date, updated_at = now()
    from unnest(${sql.val(moves.map((m) => m.accountId))}::int[], ${sql.val(moves.map((m) => m.deltaCents))}::bigint[],
      ${sql.val(moves.map((m) => m.overdueSince))}::date[], ${sql.val(moves.map((m) => m.lastBillingDate))}::date[]) as m(id, delta, overdue_since, last_billing_date)
    where a.id = m.id
    returning a.id`;
}

/**
 * One account's move, if its row is still version `unchangedSince` (the account was read unlocked:
 * domain/billing/account-balance.ts's `readMoneySnapshot`); it returns the id it moved, for the statement to
 * check. Plain values, not arrays: the payment's statement is kept prepared (domain/common/writes-together.ts),
 * and on a generic plan PostgreSQL takes an array's `unnest` for 10 rows, so it judged that plan dearer than
 * planning afresh and planned every payment.
 */
export function updateBalanceIfUnchanged(m: BalanceMove, unchangedSince: string): RawBuilder<unknown> {
  return sql`update account a set balance_cents = a.balance_cents + ${m.deltaCents}::bigint, overdue_since = ${m.overdueSince}::date,
      last_billing_date = ${m.lastBillingDate}::date, updated_at = now()
    where a.id = ${m.accountId}::int and a.xmin = ${unchangedSince}::xid
    returning a.id`;
}

/** `updateBalances` run on its own; nothing when there is no move. */
export async function writeBalanceMoves(em: EntityManager, moves: BalanceMove[]): Promise<void> {
  if (moves.length === 0) return;
  await updateBalances(moves).execute(db(em));
}
