/**
 * `loadAccountFacts` (account-facts.ts) for a chunk of accounts at once: the same eight
 * selections with `account_id = any(?)` instead of `= ?`, grouped by account, mapped to
 * exactly the same `AccountFacts` shape with the same converters, so the nightly run
 * feeds `accountInsights` what the profile feeds it (a test compares every account).
 * Also reads what each row stores now, so only rows whose values differ are written.
 *
 * All of one chunk is read in one REPEATABLE READ snapshot: the facts and the stored
 * values agree with each other even while payments are being recorded.
 */
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountStatus, FlagKind } from '../shared/enums.js';
import type { Orm } from '../../infra/database/orm.js';
import { addMonths } from '../shared/calendar.js';
import type { PaymentStatus } from '../billing/payment-compliance.js';
import type { ReadingFlag, VerificationStatus } from '../readings/reading-checks.js';
import type { ServiceOrderStatus } from '../service-orders/service-order-transitions.js';
import type { AccountFacts } from '../accounts/account-facts.js';
import { asDate, asDateOrNull, asInt, asIntOrNull, asNumberOrNull, sqlDay } from '../shared/sql-values.js';

/** What the account row holds now: the values the run may rewrite, and the inputs a concurrent write could change. */
export interface StoredMetrics {
  status: AccountStatus;
  balanceCents: number;
  overdueSince: string | null;
  lastBillingDate: string | null;
  vip: boolean;
  vipReasons: unknown;
  healthScore: number | null;
  healthBreakdown: unknown;
  compliancePercent: number | null;
}

export interface ChunkAccount { facts: AccountFacts; stored: StoredMetrics }

type Row = Record<string, unknown>;
const ANY = 'account_id = any(?::int[])';

// The WHERE clauses are account-facts.ts's, word for word, with the account list in place of one id.
const SQL = {
  accounts: `select id, account_number, to_char(customer_since, 'YYYY-MM-DD') as customer_since, status, vip_pinned, vip_pin_reason,
                    balance_cents, to_char(overdue_since, 'YYYY-MM-DD') as overdue_since,
                    to_char(last_billing_date, 'YYYY-MM-DD') as last_billing_date, vip, vip_reasons, health_score,
                    health_breakdown, payment_compliance_percent
               from account where id = any(?::int[]) order by id`,
  bills: `select account_id, id, period_start, period_end, issued_at, due_date, amount_cents, usage
            from bill where ${ANY} order by account_id, period_end`,
  payments: `select account_id, bill_id, paid_at, amount_cents, status from payment
               where ${ANY} and status in ('processed', 'failed') order by account_id, id`,
  adjustments: `select account_id, created_at, amount_cents from adjustment where ${ANY} order by account_id, id`,
  complaints: `select account_id, opened_at, resolved_at from complaint
                where ${ANY} and (resolved_at is null or opened_at >= ?::date) order by account_id, id`,
  serviceOrders: `select account_id, order_number, status, completed_at, rating, overdue, sla_due_at from service_order
                   where ${ANY} and ((status = 'completed' and rating is not null and completed_at >= ?::date)
                                  or status not in ('completed', 'cancelled')) order by account_id, id`,
  pendingReadings: `select r.account_id, m.meter_number, r.read_at, r.verification_status, r.flags
                      from reading r join meter m on m.id = r.meter_id
                     where r.${ANY} and r.verification_status = 'pending' order by r.account_id, r.id`,
  openFraudFlags: `select distinct on (account_id) account_id, kind, opened_at from fraud_flag
                    where ${ANY} and closed_at is null order by account_id, opened_at`,
} as const;

function byAccount<T>(rows: Row[], map: (row: Row) => T): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const id = Number(row.account_id);
    let list = grouped.get(id);
    if (!list) grouped.set(id, (list = []));
    list.push(map(row));
  }
  return grouped;
}

const toBill = (r: Row) => ({
  id: String(r.id), periodStart: asDate(r.period_start), periodEnd: asDate(r.period_end), issuedAt: asDate(r.issued_at),
  dueDate: asDate(r.due_date), amountCents: asInt(r.amount_cents), usage: asInt(r.usage),
});
const toPayment = (r: Row) => ({
  billId: r.bill_id === null ? null : String(r.bill_id), paidAt: asDate(r.paid_at),
  amountCents: asInt(r.amount_cents), status: r.status as PaymentStatus,
});
const toOrder = (r: Row) => ({
  orderNumber: String(r.order_number), status: r.status as ServiceOrderStatus, completedAt: asDateOrNull(r.completed_at),
  rating: asIntOrNull(r.rating), overdue: Boolean(r.overdue), slaDueAt: asDateOrNull(r.sla_due_at),
});
const toReading = (r: Row) => ({
  meterNumber: String(r.meter_number), readAt: asDate(r.read_at),
  verificationStatus: r.verification_status as VerificationStatus, flags: (r.flags as ReadingFlag[] | null) ?? [],
});

function stored(r: Row): StoredMetrics {
  return {
    status: r.status as AccountStatus, balanceCents: asInt(r.balance_cents),
    overdueSince: (r.overdue_since as string | null) ?? null, lastBillingDate: (r.last_billing_date as string | null) ?? null,
    vip: Boolean(r.vip), vipReasons: r.vip_reasons ?? null, healthScore: asIntOrNull(r.health_score),
    healthBreakdown: r.health_breakdown ?? null, compliancePercent: asNumberOrNull(r.payment_compliance_percent),
  };
}

async function select(em: EntityManager, ids: number[], asOf: Date): Promise<Record<keyof typeof SQL, Row[]>> {
  const list = `{${ids.join(',')}}`;
  const since = sqlDay(addMonths(asOf, -13));
  const run = (sql: string, params: unknown[]) => em.getConnection().execute<Row[]>(sql, params, 'all', em.getTransactionContext());
  // One connection, one snapshot: the statements run one after another.
  return {
    accounts: await run(SQL.accounts, [list]),
    bills: await run(SQL.bills, [list]),
    payments: await run(SQL.payments, [list]),
    adjustments: await run(SQL.adjustments, [list]),
    complaints: await run(SQL.complaints, [list, since]),
    serviceOrders: await run(SQL.serviceOrders, [list, since]),
    pendingReadings: await run(SQL.pendingReadings, [list]),
    openFraudFlags: await run(SQL.openFraudFlags, [list]),
  };
}

/** The facts of every listed account that exists, in id order; `consumptionBar` is computed once per run by the caller. */
export async function loadChunkFacts(orm: Orm, ids: number[], asOf: Date, consumptionBar: number | null): Promise<ChunkAccount[]> {
  const rows = await orm.em.fork().transactional((em) => select(em as EntityManager, ids, asOf),
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  const bills = byAccount(rows.bills, toBill);
  const payments = byAccount(rows.payments, toPayment);
  const adjustments = byAccount(rows.adjustments, (r) => ({ createdAt: asDate(r.created_at), amountCents: asInt(r.amount_cents) }));
  const complaints = byAccount(rows.complaints, (r) => ({ openedAt: asDate(r.opened_at), resolvedAt: asDateOrNull(r.resolved_at) }));
  const orders = byAccount(rows.serviceOrders, toOrder);
  const readings = byAccount(rows.pendingReadings, toReading);
  const flags = byAccount(rows.openFraudFlags, (r) => ({ kind: r.kind as FlagKind, openedAt: asDate(r.opened_at) }));
  return rows.accounts.map((r) => {
    const id = Number(r.id);
    return {
      facts: {
        account: {
          id, accountNumber: String(r.account_number), customerSince: asDate(r.customer_since), status: r.status as AccountStatus,
          vipPinned: (r.vip_pinned as boolean | null) ?? null, vipPinReason: (r.vip_pin_reason as string | null) ?? null,
        },
        bills: bills.get(id) ?? [], payments: payments.get(id) ?? [], adjustments: adjustments.get(id) ?? [],
        complaints: complaints.get(id) ?? [], serviceOrders: orders.get(id) ?? [], pendingReadings: readings.get(id) ?? [],
        openFraudFlag: flags.get(id)?.[0] ?? null, consumptionBar,
      },
      stored: stored(r),
    };
  });
}
