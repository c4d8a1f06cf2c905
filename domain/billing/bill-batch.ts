/**
 * The CSV billing run's writer: a batch of checked rows in one transaction with a few set-based statements
 * (lock the accounts, insert the bills, read the dates of the bills that come last and the ledgers of the others,
 * write allocations, audit and balances), ending in
 * exactly the state `importBill` row by row would leave (docs/rules.md#bills-payments-and-compliance).
 * A batch holds at most one row per account, so every row sees the bills of the rows before it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { Conflict, NotFound } from '../common/errors.js';
import type { Actor } from '../common/actor.js';
import { isoDay, utilityIsoDay } from '../common/calendar.js';
import { db } from '../common/database.js';
import { arrayOf } from '../common/array-parameter.js';
import { auditMany, type AuditEntry } from '../audit/audit.js';
import { moneyColumns, toMoneyAccount, type MoneyAccount, type MoneyRow } from './account-balance.js';
import { loadLedgers, writeAllocationChanges, writeBalanceMoves, type AllocationChange, type BalanceMove, type Ledger, type MoneyDates } from './account-ledger.js';
import { billEffects, billEntries, type NewBill } from './bills.js';
import { lastBillDates } from './last-bill.js';

/** A checked CSV row: its line, its canonical account number and the bill. */
export interface BillRowInput { line: number; accountNumber: string; bill: NewBill }

/** What became of each row: loaded, already there, or refused with the reason `importBill` would give. */
export type RowOutcome = { line: number; accountNumber: string } & ({ result: 'loaded' | 'already' } | { result: 'rejected'; reason: string });

/** Splits rows (file order) into rounds with at most one row per account, each account's rows in file order. */
export function rounds(rows: BillRowInput[]): BillRowInput[][] {
  const out: BillRowInput[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const round = seen.get(row.accountNumber) ?? 0;
    seen.set(row.accountNumber, round + 1);
    if (!out[round]) out[round] = [];
    out[round].push(row);
  }
  return out;
}

/**
 * The round's accounts, locked in id order. With thousands of numbers the planner prefers the
 * trigram index of account numbers (built for search) to the unique one, and each lookup then reads
 * the posting lists every "WU-" number shares: 113 s for 5,000 accounts at 1,000,000 (EXPLAIN
 * ANALYZE), against milliseconds through the unique btree. Bitmap scans, the only way to use that GIN
 * index, are switched off for this one statement.
 */
async function lockAccounts(em: EntityManager, numbers: string[]): Promise<Map<string, MoneyAccount>> {
  await sql`set local enable_bitmapscan = off`.execute(db(em));
  const { rows } = await sql<MoneyRow>`select ${moneyColumns(false)} from account a
    where a.account_number = any(${sql.val(numbers)}::text[]) order by a.id for update`.execute(db(em));
  await sql`set local enable_bitmapscan = on`.execute(db(em));
  return new Map(rows.map((r) => [r.account_number, toMoneyAccount(r)]));
}

/** Inserts the bills in row order (ids follow the file, as one by one); the rows whose period was billed already are left out. */
async function insertBills(em: EntityManager, rows: { accountId: number; bill: NewBill }[]): Promise<Map<number, number>> {
  const col = <T>(pick: (r: { accountId: number; bill: NewBill }) => T) => arrayOf(rows, pick);
  const { rows: inserted } = await sql<{ id: number; account_id: number }>`
    insert into bill (account_id, period_start, period_end, issued_at, due_date, amount_cents, usage, created_at)
    select r.account_id, r.period_start, r.period_end, r.issued_at, r.due_date, r.amount_cents, r.usage, now()
      from unnest(${col((r) => r.accountId)}::int[], ${col((r) => r.bill.periodStart)}::date[], ${col((r) => r.bill.periodEnd)}::date[],
        ${col((r) => r.bill.issuedAt)}::date[], ${col((r) => r.bill.dueDate)}::date[], ${col((r) => r.bill.amountCents)}::bigint[],
        ${col((r) => r.bill.usage)}::int[]) with ordinality as r(account_id, period_start, period_end, issued_at, due_date, amount_cents, usage, n)
     order by r.n
    on conflict (account_id, period_start, period_end) do nothing
    returning id, account_id`.execute(db(em));
  return new Map(inserted.map((r) => [r.account_id, r.id]));
}

/** The bills already there for the rows not inserted: the same bill is "already imported", a different one a 409's reason. */
async function existingBills(em: EntityManager, rows: { accountId: number; bill: NewBill }[]) {
  if (rows.length === 0) return new Map<number, { id: number; issuedAt: string; dueDate: string; amountCents: number; usage: number }>();
  const found = await sql<{ id: number; account_id: number; issued_at: string; due_date: string; amount_cents: number; usage: number }>`
    select b.id, b.account_id, b.issued_at, b.due_date, b.amount_cents, b.usage
      from bill b join unnest(${sql.val(rows.map((r) => r.accountId))}::int[], ${sql.val(rows.map((r) => r.bill.periodStart))}::date[],
        ${sql.val(rows.map((r) => r.bill.periodEnd))}::date[]) as r(account_id, period_start, period_end)
        on b.account_id = r.account_id and b.period_start = r.period_start and b.period_end = r.period_end`.execute(db(em));
  return new Map(found.rows.map((b) => [b.account_id, { id: b.id, issuedAt: isoDay(new Date(b.issued_at)), dueDate: isoDay(new Date(b.due_date)), amountCents: b.amount_cents, usage: b.usage }]));
}

/** What one created bill writes besides itself: allocations moved (replayed ledgers only), audit entries and the balance move. */
interface CreatedBillEffects { change: AllocationChange | null; entries: AuditEntry[]; move: BalanceMove }

/**
 * A created bill's effects: read off the dates when the bill comes last (`dates`, from lastBillDates), else
 * from a replay of the account's whole ledger, which may move allocations.
 */
function createdBillEffects(r: { account: MoneyAccount; billId: number } & BillRowInput, dates: MoneyDates | undefined,
  ledgers: Map<number, Ledger>, actor: Actor, timeZone: string): CreatedBillEffects {
  const input = { ...r.bill, accountNumber: r.account.accountNumber };
  if (dates) return { change: null, ...billEntries(r.account, r.billId, input, dates, actor) };
  const replayed = billEffects(r.account, ledgers.get(r.account.id) as Ledger, r.billId, input, actor, timeZone);
  return { change: replayed.credit.change, entries: replayed.entries, move: replayed.move };
}

/**
 * Loads one round (at most one row per account) in the caller's transaction and says what became of each row.
 * `timeZone` is the utility's (credit applied to a new bill is dated in it).
 */
export async function loadRound(em: EntityManager, round: BillRowInput[], actor: Actor, timeZone: string): Promise<RowOutcome[]> {
  const accounts = await lockAccounts(em, round.map((r) => r.accountNumber));
  const known = round.filter((r) => accounts.has(r.accountNumber)).map((r) => ({ ...r, account: accounts.get(r.accountNumber) as MoneyAccount }));
  const billIds = known.length ? await insertBills(em, known.map((r) => ({ accountId: r.account.id, bill: r.bill }))) : new Map<number, number>();
  const skipped = known.filter((r) => !billIds.has(r.account.id));
  const existing = await existingBills(em, skipped.map((r) => ({ accountId: r.account.id, bill: r.bill })));
  const created = known.filter((r) => billIds.has(r.account.id)).map((r) => ({ ...r, billId: billIds.get(r.account.id) as number }));
  // Most bills of a billing run come last on their account: those skip the ledger (domain/billing/last-bill.ts).
  const lastBills = await lastBillDates(em, created.map((r) => ({ accountId: r.account.id, billId: r.billId })), utilityIsoDay(new Date(), timeZone));
  const ledgers = await loadLedgers(em, created.filter((r) => !lastBills.has(r.account.id)).map((r) => r.account.id));
  const effects = created.map((r) => createdBillEffects(r, lastBills.get(r.account.id), ledgers, actor, timeZone));
  const changes = effects.flatMap((e) => (e.change ? [e.change] : []));
  const entries = effects.flatMap((e) => e.entries);
  const moves = effects.map((e) => e.move);
  await writeAllocationChanges(em, changes);
  await auditMany(em, entries);
  await writeBalanceMoves(em, moves);
  return round.map((r): RowOutcome => {
    const account = accounts.get(r.accountNumber);
    if (!account) return { line: r.line, accountNumber: r.accountNumber, result: 'rejected', reason: new NotFound('Account', r.accountNumber).message };
    if (billIds.has(account.id)) return { line: r.line, accountNumber: r.accountNumber, result: 'loaded' };
    const there = existing.get(account.id);
    const same = there && there.issuedAt === r.bill.issuedAt && there.dueDate === r.bill.dueDate && there.amountCents === r.bill.amountCents && there.usage === r.bill.usage;
    if (same) return { line: r.line, accountNumber: r.accountNumber, result: 'already' };
    const conflict = new Conflict(`${account.accountNumber} already has a different bill for ${r.bill.periodStart} – ${r.bill.periodEnd}.`);
    return { line: r.line, accountNumber: r.accountNumber, result: 'rejected', reason: conflict.message };
  });
}
