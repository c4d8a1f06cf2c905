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
import { db } from '../common/database.js';
import { NotFound } from '../common/errors.js';
import { moneyDates, type BalanceMove, type Ledger } from './account-ledger.js';

/** An account locked for a money write, with the figures a move changes. */
export interface LockedAccount extends AccountRef { overdueSince: string | null; lastBillingDate: string | null }

/**
 * Locks the account row (concurrent writes to one account queue up) and reads its money state in the same
 * statement; NotFound as `findAccount`. With `takePaymentId`, the same statement also takes the id of the payment
 * about to be recorded from its sequence, so every write of the payment can name it up front.
 */
export async function lockAccount(em: EntityManager, accountNumber: string): Promise<LockedAccount>;
export async function lockAccount(em: EntityManager, accountNumber: string, options: { takePaymentId: true }): Promise<LockedAccount & { paymentId: number }>;
export async function lockAccount(em: EntityManager, accountNumber: string, options: { takePaymentId?: boolean } = {}): Promise<LockedAccount & { paymentId?: number }> {
  const canonical = canonicalAccountNumber(accountNumber);
  const row = await db(em).selectFrom('account')
    .select(['id', 'account_number', 'status', 'balance_cents', 'overdue_since', 'last_billing_date'])
    .select(sql<number | null>`${options.takePaymentId ? sql`nextval('payment_id_seq')::int` : sql`null::int`}`.as('payment_id'))
    .where('account_number', '=', canonical).forUpdate().executeTakeFirst();
  if (!row) throw new NotFound('Account', canonical);
  return {
    id: row.id, accountNumber: row.account_number, status: row.status, balanceCents: row.balance_cents,
    overdueSince: row.overdue_since, lastBillingDate: row.last_billing_date, ...(row.payment_id !== null && { paymentId: row.payment_id }),
  };
}

/**
 * A move of the locked account's balance by `deltaCents` (a bill +, a processed payment −) with overdue-since and
 * the last billing date re-derived from `ledger` (already holding the change) as of now, and its `account.balance`
 * audit entry under `cause`. The version is left alone: money moving is not an edit of the contact data an agent
 * may have open. `timeZone` (the utility's) says which local day is today, as in the nightly run.
 */
export function balanceMove(
  account: LockedAccount, ledger: Ledger, deltaCents: number, cause: string, actor: Actor, timeZone: string,
): { move: BalanceMove; entry: AuditEntry } {
  const dates = moneyDates(ledger, new Date(), timeZone);
  const balanceCents = account.balanceCents + deltaCents;
  const entry: AuditEntry = {
    userId: actor.userId, userName: actor.name, action: 'account.balance', entity: 'account', entityId: account.accountNumber,
    before: { balanceCents: account.balanceCents, overdueSince: account.overdueSince, lastBillingDate: account.lastBillingDate },
    after: { balanceCents, ...dates, cause },
  };
  return { move: { accountId: account.id, deltaCents, ...dates }, entry };
}
