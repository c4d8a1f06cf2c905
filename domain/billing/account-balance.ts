/**
 * The stored balance of an account (SPEC §2) moves in the same transaction as the bill
 * or payment that moves it, so lists and the dashboard (whose counters follow the
 * account row through triggers) are exact at once; the nightly job recomputes the same
 * figures from the source rows.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../shared/errors.js';
import { normalizeAccountNumber } from '../accounts/account-number.js';
import { computeBalance } from './balance.js';
import { audit } from '../audit/audit.js';
import type { Actor } from '../service-orders/service-orders.js';
import { asDate, asInt, sqlDay } from '../shared/sql-values.js';
import { txSql } from '../shared/tx-sql.js';

export interface LockedAccount { id: number; accountNumber: string; status: string; balanceCents: number }

/**
 * The account row, locked until the transaction ends: writes that move one account's
 * money run one after the other, so each sees the previous one's rows.
 */
export async function lockAccount(em: EntityManager, accountNumber: string): Promise<LockedAccount> {
  const canonical = normalizeAccountNumber(accountNumber);
  if (!canonical) throw new NotFound('Account', accountNumber);
  const rows = await txSql(em)<Record<string, unknown>>(
    'select id, account_number, status, balance_cents from account where account_number = ? for update', [canonical]);
  if (!rows.length) throw new NotFound('Account', canonical);
  const r = rows[0];
  return { id: asInt(r.id), accountNumber: String(r.account_number), status: String(r.status), balanceCents: asInt(r.balance_cents) };
}

interface MoneyState { balanceCents: number; overdueSince: string | null; lastBillingDate: string | null }

/** Overdue-since and last billing date as the rules derive them from the account's rows today. */
async function derivedDates(em: EntityManager, accountId: number, asOf: Date): Promise<Omit<MoneyState, 'balanceCents'>> {
  const sql = txSql(em);
  const [bills, payments, adjustments] = await Promise.all([
    sql('select issued_at, due_date, amount_cents from bill where account_id = ?', [accountId]),
    sql(`select paid_at, amount_cents from payment where account_id = ? and status = 'processed'`, [accountId]),
    sql('select created_at, amount_cents from adjustment where account_id = ?', [accountId]),
  ]);
  const balance = computeBalance({
    asOf,
    bills: bills.map((b) => ({ issuedAt: asDate(b.issued_at), dueDate: asDate(b.due_date), amountCents: asInt(b.amount_cents) })),
    payments: payments.map((p) => ({ paidAt: asDate(p.paid_at), amountCents: asInt(p.amount_cents), status: 'processed' as const })),
    adjustments: adjustments.map((a) => ({ createdAt: asDate(a.created_at), amountCents: asInt(a.amount_cents) })),
  });
  const issued = bills.map((b) => asDate(b.issued_at)).filter((d) => d.getTime() <= asOf.getTime());
  const latest = issued.reduce<Date | null>((max, d) => (max === null || d > max ? d : max), null);
  return { overdueSince: balance.overdueSince ? sqlDay(balance.overdueSince) : null, lastBillingDate: latest ? sqlDay(latest) : null };
}

/**
 * Moves the locked account's balance by `deltaCents` (a bill +, a processed payment −)
 * and re-derives overdue-since and the last billing date, auditing the account's money
 * before and after under `cause`. The version is left alone: money moving is not an
 * edit of the contact data an agent may have open.
 */
export async function moveBalance(em: EntityManager, account: LockedAccount, deltaCents: number, cause: string, actor: Actor): Promise<MoneyState> {
  const sql = txSql(em);
  const [before] = await sql<{ overdue_since: string | null; last_billing_date: string | null }>(
    `select to_char(overdue_since, 'YYYY-MM-DD') as overdue_since, to_char(last_billing_date, 'YYYY-MM-DD') as last_billing_date
       from account where id = ?`, [account.id]);
  const dates = await derivedDates(em, account.id, new Date());
  const [row] = await sql<{ balance_cents: unknown }>(
    `update account set balance_cents = balance_cents + ?, overdue_since = ?, last_billing_date = ?, updated_at = now()
      where id = ? returning balance_cents`, [deltaCents, dates.overdueSince, dates.lastBillingDate, account.id]);
  const after: MoneyState = { balanceCents: asInt(row.balance_cents), ...dates };
  await audit(em, {
    userId: actor.userId, userName: actor.name, action: 'account.balance', entity: 'account', entityId: account.accountNumber,
    before: { balanceCents: account.balanceCents, overdueSince: before.overdue_since, lastBillingDate: before.last_billing_date },
    after: { ...after, cause },
  });
  account.balanceCents = after.balanceCents;
  return after;
}
