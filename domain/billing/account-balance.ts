/**
 * The stored balance of an account (docs/rules.md#consumer-accounts) moves in the same transaction as the bill or
 * payment that moves it, so lists and the dashboard (fed by triggers on the account row) are
 * exact at once; the nightly job recomputes the same figures from the source rows.
 * Here: the row lock with the money state the audit's "before" needs, and the move as data
 * (the new state and its audit entry), written by account-ledger.ts's set-based update.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { canonicalAccountNumber, type AccountRef } from '../accounts/account-record.js';
import type { AuditEntry } from '../audit/audit.js';
import type { Actor } from '../common/actor.js';
import { db, type Db } from '../common/database.js';
import { compilableSql, preparedQuery } from '../common/prepared-query.js';
import { NotFound } from '../common/errors.js';
import { ledgerColumns, moneyDates, toLedger, type BalanceMove, type Ledger, type LedgerColumns, type MoneyDates } from './account-ledger.js';

/** An account as a money write sees it (locked, or read with its row version), with the figures a move changes. */
export interface MoneyAccount extends AccountRef { overdueSince: string | null; lastBillingDate: string | null }

/** The account's money columns of `account a` (and, for a payment about to be recorded, its id from the sequence). */
export const moneyColumns = (takePaymentId: boolean) => sql<MoneyRow>`a.id, a.account_number, a.status, a.balance_cents, a.overdue_since, a.last_billing_date,
  ${takePaymentId ? sql`nextval('payment_id_seq')::int` : sql`null::int`} as payment_id`;
export type MoneyRow = {
  id: number; account_number: string; status: MoneyAccount['status']; balance_cents: number; overdue_since: string | null; last_billing_date: string | null;
  payment_id: number | null;
};
/** A `moneyColumns` row as the rules take it. */
export const toMoneyAccount = (row: MoneyRow): MoneyAccount & { paymentId?: number } => ({
  id: row.id, accountNumber: row.account_number, status: row.status, balanceCents: Number(row.balance_cents),
  overdueSince: row.overdue_since, lastBillingDate: row.last_billing_date, ...(row.payment_id !== null && { paymentId: row.payment_id }),
});

/**
 * Locks the account row (concurrent writes to one account queue up) and reads its money state in the same
 * statement; NotFound as `findAccount`. With `takePaymentId`, the same statement also takes the id of the payment
 * about to be recorded from its sequence, so every write of the payment can name it up front.
 */
export async function lockAccount(em: EntityManager, accountNumber: string): Promise<MoneyAccount>;
export async function lockAccount(em: EntityManager, accountNumber: string, options: { takePaymentId: true }): Promise<MoneyAccount & { paymentId: number }>;
export async function lockAccount(em: EntityManager, accountNumber: string, options: { takePaymentId?: boolean } = {}): Promise<MoneyAccount & { paymentId?: number }> {
  const canonical = canonicalAccountNumber(accountNumber);
  const { rows: [row] } = await sql<MoneyRow>`select ${moneyColumns(options.takePaymentId ?? false)} from account a
    where a.account_number = ${canonical} for update`.execute(db(em));
  if (!row) throw new NotFound('Account', canonical);
  return toMoneyAccount(row);
}

/** An account's money state and ledger read together, unlocked, with the row version a conditional write checks. */
export interface MoneySnapshot {
  account: MoneyAccount & { paymentId: number };
  ledger: Ledger;
  /** The account row's `xmin`: every write to the row (a balance moved, a bill or payment recorded, the nightly run) changes it. */
  rowVersion: string;
}

type SnapshotRow = MoneyRow & LedgerColumns & { row_version: string };

/**
 * The snapshot's statement, kept prepared (domain/common/prepared-query.ts): its five selects took ~0.4 ms of
 * PostgreSQL's planning on every payment (pg_stat_statements at 1,000,000 accounts under the payment load).
 */
const moneySnapshotRow = preparedQuery(1, (q: Db, accountNumber: string) => {
  const query = sql<SnapshotRow>`select ${moneyColumns(true)}, a.xmin::text as row_version, ${ledgerColumns(sql.ref('a.id'))}
    from account a where a.account_number = ${accountNumber}`;
  return compilableSql(q, query);
});

/**
 * The account, its ledger and a new payment id in one statement (one snapshot), without the row lock: the
 * write that follows applies only if the row is still this version (domain/billing/account-ledger.ts's `updateBalanceIfUnchanged`).
 */
export async function readMoneySnapshot(em: EntityManager, accountNumber: string): Promise<MoneySnapshot> {
  const canonical = canonicalAccountNumber(accountNumber);
  const [row] = await moneySnapshotRow(em, canonical);
  if (!row) throw new NotFound('Account', canonical);
  return { account: toMoneyAccount(row) as MoneySnapshot['account'], ledger: toLedger(row), rowVersion: row.row_version };
}

/**
 * A move of the locked account's balance by `deltaCents` (a bill +, a processed payment −) with overdue-since and
 * the last billing date re-derived from `ledger` (already holding the change) as of now, and its `account.balance`
 * audit entry under `cause`. The version is left alone: money moving is not an edit of the contact data an agent
 * may have open. `timeZone` (the utility's) says which local day is today, as in the nightly run.
 */
export function balanceMove(
  account: MoneyAccount, ledger: Ledger, deltaCents: number, cause: string, actor: Actor, timeZone: string,
): { move: BalanceMove; entry: AuditEntry } {
  return balanceMoveTo(account, moneyDates(ledger, new Date(), timeZone), deltaCents, cause, actor);
}

/** `balanceMove` with the derived dates already known (the bill import reads them for a bill that comes last: domain/billing/last-bill.ts). */
export function balanceMoveTo(
  account: MoneyAccount, dates: MoneyDates, deltaCents: number, cause: string, actor: Actor,
): { move: BalanceMove; entry: AuditEntry } {
  const balanceCents = account.balanceCents + deltaCents;
  const entry: AuditEntry = {
    userId: actor.userId, userName: actor.name, action: 'account.balance', entity: 'account', entityId: account.accountNumber,
    before: { balanceCents: account.balanceCents, overdueSince: account.overdueSince, lastBillingDate: account.lastBillingDate },
    after: { balanceCents, ...dates, cause },
  };
  return { move: { accountId: account.id, deltaCents, ...dates }, entry };
}
