/**
 * The stored balance of an account (docs/rules.md#consumer-accounts) moves in the same transaction as the bill or
 * payment that moves it, so lists and the dashboard (fed by triggers on the account row) are
 * exact at once; the nightly job recomputes the same figures from the source rows.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { AccountRef } from '../accounts/account-record.js';
import { computeBalance } from './balance.js';
import { audit } from '../audit/audit.js';
import type { Actor } from '../common/actor.js';
import { calendarDay, isoDay, utilityDay } from '../common/calendar.js';
import { db } from '../common/database.js';

interface MoneyState { balanceCents: number; overdueSince: string | null; lastBillingDate: string | null }

/** Overdue-since and last billing date as the rules derive them from the account's rows today. */
async function derivedDates(em: EntityManager, accountId: number, asOf: Date, timeZone: string): Promise<Omit<MoneyState, 'balanceCents'>> {
  const [bills, payments, adjustments] = await Promise.all([
    db(em).selectFrom('bill').select(['issued_at', 'due_date', 'amount_cents']).where('account_id', '=', accountId).execute(),
    db(em).selectFrom('payment').select(['paid_at', 'amount_cents'])
      .where('account_id', '=', accountId).where('status', '=', 'processed').execute(),
    db(em).selectFrom('adjustment').select(['created_at', 'amount_cents']).where('account_id', '=', accountId).execute(),
  ]);
  const balance = computeBalance({
    asOf, timeZone,
    bills: bills.map((b) => ({ issuedAt: new Date(b.issued_at), dueDate: new Date(b.due_date), amountCents: b.amount_cents })),
    payments: payments.map((p) => ({ paidAt: p.paid_at, amountCents: p.amount_cents, status: 'processed' as const })),
    adjustments: adjustments.map((a) => ({ createdAt: a.created_at, amountCents: a.amount_cents })),
  });
  const today = utilityDay(asOf, timeZone);
  const issued = bills.map((b) => new Date(b.issued_at)).filter((d) => calendarDay(d) <= today);
  const latest = issued.reduce<Date | null>((max, d) => (max === null || d > max ? d : max), null);
  return { overdueSince: balance.overdueSince ? isoDay(balance.overdueSince) : null, lastBillingDate: latest ? isoDay(latest) : null };
}

/**
 * Moves the balance of the account locked by `findAccount(em, number, { forUpdate: true })` by `deltaCents` (a bill +, a processed payment −)
 * and re-derives overdue-since and the last billing date, auditing the account's money
 * before and after under `cause`. The version is left alone: money moving is not an
 * edit of the contact data an agent may have open. `timeZone` (the utility's) says which
 * local day is today, as in the nightly run.
 */
export async function moveBalance(
  em: EntityManager, account: AccountRef, deltaCents: number, cause: string, actor: Actor, timeZone: string,
): Promise<MoneyState> {
  const before = await db(em).selectFrom('account').select(['overdue_since', 'last_billing_date'])
    .where('id', '=', account.id).executeTakeFirstOrThrow();
  const dates = await derivedDates(em, account.id, new Date(), timeZone);
  const row = await db(em).updateTable('account')
    .set((eb) => ({
      balance_cents: eb('balance_cents', '+', deltaCents),
      overdue_since: dates.overdueSince,
      last_billing_date: dates.lastBillingDate,
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', account.id)
    .returning('balance_cents')
    .executeTakeFirstOrThrow();
  const after: MoneyState = { balanceCents: row.balance_cents, ...dates };
  await audit(em, {
    userId: actor.userId, userName: actor.name, action: 'account.balance', entity: 'account', entityId: account.accountNumber,
    before: { balanceCents: account.balanceCents, overdueSince: before.overdue_since, lastBillingDate: before.last_billing_date },
    after: { ...after, cause },
  });
  account.balanceCents = after.balanceCents;
  return after;
}
