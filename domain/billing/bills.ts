/**
 * Bills imported from the billing system (docs/rules.md#consumer-accounts, docs/api.md). A bill is unique per account and
 * period, so the same bill sent again is recognised; a different one for a billed period is refused.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { Conflict, Invalid } from '../common/errors.js';
import { assertCents, MAX_AMOUNT_CENTS } from '../common/money.js';
import { balanceMoveTo, lockAccount, type MoneyAccount } from './account-balance.js';
import {
  loadLedgers, moneyDates, reallocation, writeAllocationChanges, writeBalanceMoves, type AllocationChange, type BalanceMove, type Ledger, type MoneyDates,
} from './account-ledger.js';
import { billPaidOn, type Allocation } from './allocation.js';
import { auditMany, type AuditEntry } from '../audit/audit.js';
import { BILL_ITEM_COLUMNS, paidCentsOfBill, toBillItem, withPaidOn, type BillItem } from './profile-finance.js';
import type { Actor } from '../common/actor.js';
import { isoDay, utilityIsoDay } from '../common/calendar.js';
import { db } from '../common/database.js';

/** Calendar days as YYYY-MM-DD. */
export interface NewBill {
  periodStart: string;
  periodEnd: string;
  issuedAt: string;
  dueDate: string;
  amountCents: number;
  usage: number;
}

export interface ImportedBill { bill: BillItem; created: boolean }

/**
 * The rules between a bill's fields. A bill dated after today (the utility's local day) is refused: the balance
 * counts bills by issue date, and one from the future would make the stored balance
 * disagree with the nightly recomputation until that day.
 */
export function checkBill(bill: NewBill, today: string): void {
  const fields: Record<string, string> = {};
  assertCents(bill.amountCents);
  if (bill.amountCents < 0) fields.amountCents = 'must not be negative (a credit is an adjustment)';
  if (bill.amountCents > MAX_AMOUNT_CENTS) fields.amountCents = `at most ${MAX_AMOUNT_CENTS} cents`;
  if (!Number.isSafeInteger(bill.usage) || bill.usage < 0) fields.usage = 'a whole number, 0 or more';
  if (bill.periodEnd < bill.periodStart) fields.periodEnd = 'before the period start';
  if (bill.dueDate < bill.issuedAt) fields.dueDate = 'before the issue date';
  if (bill.issuedAt > today) fields.issuedAt = 'in the future';
  if (Object.keys(fields).length) throw new Invalid(`Invalid bill: ${Object.keys(fields).join(', ')}`, fields);
}

const sameBill = (a: BillItem, b: NewBill) => isoDay(a.issuedAt) === b.issuedAt && isoDay(a.dueDate) === b.dueDate
  && a.amountCents === b.amountCents && a.usage === b.usage;

/**
 * What a new bill (already in `ledger`) does to its locked account: the re-derived allocations (the credit it took),
 * the balance move and the two audit entries (`account.balance`, then `bill.create`). The bill import applies the
 * same effects to a batch of accounts at once, so both paths end in the same state.
 */
export function billEffects(
  account: MoneyAccount, ledger: Ledger, billId: number, input: NewBill & { accountNumber: string }, actor: Actor, timeZone: string,
): { credit: { change: AllocationChange; allocations: Allocation[] }; entries: AuditEntry[]; move: BalanceMove } {
  const { expected, stale, missing } = reallocation(ledger, timeZone);
  return {
    credit: { change: { accountId: account.id, stale, missing }, allocations: expected.filter((a) => a.billId === billId) },
    ...billEntries(account, billId, input, moneyDates(ledger, new Date(), timeZone), actor),
  };
}

/** A new bill's balance move and its two audit entries (`account.balance`, then `bill.create`), with the account's dates after it. */
export function billEntries(
  account: MoneyAccount, billId: number, input: NewBill & { accountNumber: string }, dates: MoneyDates, actor: Actor,
): { entries: AuditEntry[]; move: BalanceMove } {
  const { accountNumber, ...bill } = input;
  const balance = balanceMoveTo(account, dates, bill.amountCents, `bill ${billId} for ${bill.periodStart} – ${bill.periodEnd}`, actor);
  const created: AuditEntry = {
    userId: actor.userId, userName: actor.name, action: 'bill.create', entity: 'bill', entityId: String(billId), after: { accountNumber, ...bill },
  };
  return { entries: [balance.entry, created], move: balance.move };
}

/**
 * Imports one bill: adds it to the balance and the audit log, applies the account's credit to it
 * (docs/rules.md#bills-payments-and-compliance; `timeZone` is the utility's), or recognises it as already imported.
 */
export async function importBill(em: EntityManager, accountNumber: string, input: NewBill, actor: Actor, timeZone: string): Promise<ImportedBill> {
  checkBill(input, utilityIsoDay(new Date(), timeZone));
  return em.transactional(async (tx) => {
    const account = await lockAccount(tx, accountNumber);
    const inserted = await db(tx).insertInto('bill')
      .values({
        account_id: account.id, period_start: input.periodStart, period_end: input.periodEnd, issued_at: input.issuedAt,
        due_date: input.dueDate, amount_cents: input.amountCents, usage: input.usage, created_at: sql<Date>`now()`,
      })
      .onConflict((oc) => oc.columns(['account_id', 'period_start', 'period_end']).doNothing())
      .returning(BILL_ITEM_COLUMNS)
      .executeTakeFirst();
    if (!inserted) {
      const existing = await db(tx).selectFrom('bill').select(BILL_ITEM_COLUMNS).select(paidCentsOfBill)
        .where('account_id', '=', account.id).where('period_start', '=', input.periodStart).where('period_end', '=', input.periodEnd)
        .executeTakeFirstOrThrow();
      const [bill] = await withPaidOn(tx, [toBillItem(existing)]);
      if (sameBill(bill, input)) return { bill, created: false };
      throw new Conflict(`${account.accountNumber} already has a different bill for ${input.periodStart} – ${input.periodEnd}.`, { reason: 'duplicate_period', billId: bill.id });
    }
    const created = toBillItem({ ...inserted, paid_cents: 0 });
    const ledger = (await loadLedgers(tx, [account.id])).get(account.id) as Ledger;
    const { credit, entries, move } = billEffects(account, ledger, created.id, { ...input, accountNumber: account.accountNumber }, actor, timeZone);
    await writeAllocationChanges(tx, [credit.change]);
    await auditMany(tx, entries);
    await writeBalanceMoves(tx, [move]);
    const paidCents = credit.allocations.reduce((s, a) => s + a.amountCents, 0);
    return { bill: { ...created, paidCents, paidOn: billPaidOn(created.amountCents, credit.allocations, isoDay(created.issuedAt)) }, created: true };
  });
}
