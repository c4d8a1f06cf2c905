/**
 * `loadAccountFacts` (account-facts.ts) for a chunk of accounts at once: the same eight
 * selections with `account_id = any(…)` instead of `= …`, grouped by account, mapped to
 * exactly the same `AccountFacts` shape with the same conversions, so the nightly run
 * feeds `accountInsights` what the profile feeds it (a test compares every account).
 * Also reads what each row stores now, so only rows whose values differ are written.
 *
 * All of one chunk is read in one REPEATABLE READ snapshot: the facts and the stored
 * values agree with each other even while payments are being recorded.
 */
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { AccountStatus } from '../shared/enums.js';
import { addMonths } from '../shared/calendar.js';
import { db } from '../shared/database.js';
import type { AccountFacts } from '../accounts/account-facts.js';
import { sqlDay } from '../shared/sql-values.js';

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

/** `= any('{1,2,3}'::int[])`: the whole chunk as one parameter. */
const anyOf = (ids: number[]) => sql<number>`any(${`{${ids.join(',')}}`}::int[])`;

type Rows = Awaited<ReturnType<typeof select>>;

// The conditions are account-facts.ts's, one for one, with the chunk in place of one account.
async function select(em: EntityManager, ids: number[], asOf: Date) {
  const k = db(em);
  const chunk = anyOf(ids);
  const since = sql<Date>`${sqlDay(addMonths(asOf, -13))}::date`;
  // One connection, one snapshot: the statements run one after another.
  const accounts = await k.selectFrom('account')
    .select(['id', 'account_number', 'customer_since', 'status', 'vip_pinned', 'vip_pin_reason', 'balance_cents', 'overdue_since',
      'last_billing_date', 'vip', 'vip_reasons', 'health_score', 'health_breakdown', 'payment_compliance_percent'])
    .where('id', '=', chunk).orderBy('id').execute();
  const bills = await k.selectFrom('bill')
    .select(['account_id', 'id', 'period_start', 'period_end', 'issued_at', 'due_date', 'amount_cents', 'usage'])
    .where('account_id', '=', chunk).orderBy('account_id').orderBy('period_end').execute();
  const payments = await k.selectFrom('payment').select(['account_id', 'bill_id', 'paid_at', 'amount_cents', 'status'])
    .where('account_id', '=', chunk).where('status', 'in', ['processed', 'failed']).orderBy('account_id').orderBy('id').execute();
  const adjustments = await k.selectFrom('adjustment').select(['account_id', 'created_at', 'amount_cents'])
    .where('account_id', '=', chunk).orderBy('account_id').orderBy('id').execute();
  const complaints = await k.selectFrom('complaint').select(['account_id', 'opened_at', 'resolved_at'])
    .where('account_id', '=', chunk).where((eb) => eb.or([eb('resolved_at', 'is', null), eb('opened_at', '>=', since)]))
    .orderBy('account_id').orderBy('id').execute();
  const serviceOrders = await k.selectFrom('service_order')
    .select(['account_id', 'order_number', 'status', 'completed_at', 'rating', 'overdue', 'sla_due_at'])
    .where('account_id', '=', chunk)
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'completed'), eb('rating', 'is not', null), eb('completed_at', '>=', since)]),
      eb('status', 'not in', ['completed', 'cancelled']),
    ]))
    .orderBy('account_id').orderBy('id').execute();
  const pendingReadings = await k.selectFrom('reading as r').innerJoin('meter as m', 'm.id', 'r.meter_id')
    .select(['r.account_id', 'm.meter_number', 'r.read_at', 'r.verification_status', 'r.flags'])
    .where('r.account_id', '=', chunk).where('r.verification_status', '=', 'pending').orderBy('r.account_id').orderBy('r.id').execute();
  const openFraudFlags = await k.selectFrom('fraud_flag').distinctOn('account_id').select(['account_id', 'kind', 'opened_at'])
    .where('account_id', '=', chunk).where('closed_at', 'is', null).orderBy('account_id').orderBy('opened_at').execute();
  return { accounts, bills, payments, adjustments, complaints, serviceOrders, pendingReadings, openFraudFlags };
}

function byAccount<R extends { account_id: number }, T>(rows: R[], map: (row: R) => T): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    let list = grouped.get(row.account_id);
    if (!list) grouped.set(row.account_id, (list = []));
    list.push(map(row));
  }
  return grouped;
}

// `date` columns come back as 'YYYY-MM-DD'; the rules take them as Dates at UTC midnight.
const day = (value: string) => new Date(value);

const toBill = (r: Rows['bills'][number]) => ({
  id: String(r.id), periodStart: day(r.period_start), periodEnd: day(r.period_end), issuedAt: day(r.issued_at),
  dueDate: day(r.due_date), amountCents: r.amount_cents, usage: r.usage,
});
const toPayment = (r: Rows['payments'][number]) => ({
  billId: r.bill_id === null ? null : String(r.bill_id), paidAt: r.paid_at, amountCents: r.amount_cents, status: r.status,
});
const toOrder = (r: Rows['serviceOrders'][number]) => ({
  orderNumber: r.order_number, status: r.status, completedAt: r.completed_at ?? null,
  rating: r.rating ?? null, overdue: r.overdue, slaDueAt: r.sla_due_at ?? null,
});
const toReading = (r: Rows['pendingReadings'][number]) => ({
  meterNumber: r.meter_number, readAt: day(r.read_at), verificationStatus: r.verification_status, flags: r.flags ?? [],
});

function stored(r: Rows['accounts'][number]): StoredMetrics {
  return {
    status: r.status, balanceCents: r.balance_cents, overdueSince: r.overdue_since ?? null, lastBillingDate: r.last_billing_date ?? null,
    vip: r.vip, vipReasons: r.vip_reasons ?? null, healthScore: r.health_score ?? null,
    healthBreakdown: r.health_breakdown ?? null, compliancePercent: r.payment_compliance_percent ?? null,
  };
}

/** The facts of every listed account that exists, in id order; `consumptionBar` is computed once per run by the caller. */
export async function loadChunkFacts(orm: MikroORM, ids: number[], asOf: Date, consumptionBar: number | null): Promise<ChunkAccount[]> {
  const rows = await orm.em.fork().transactional((em) => select(em, ids, asOf),
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  const bills = byAccount(rows.bills, toBill);
  const payments = byAccount(rows.payments, toPayment);
  const adjustments = byAccount(rows.adjustments, (r) => ({ createdAt: r.created_at, amountCents: r.amount_cents }));
  const complaints = byAccount(rows.complaints, (r) => ({ openedAt: r.opened_at, resolvedAt: r.resolved_at ?? null }));
  const orders = byAccount(rows.serviceOrders, toOrder);
  const readings = byAccount(rows.pendingReadings, toReading);
  const flags = byAccount(rows.openFraudFlags, (r) => ({ kind: r.kind, openedAt: r.opened_at }));
  return rows.accounts.map((r) => ({
    facts: {
      account: {
        id: r.id, accountNumber: r.account_number, customerSince: day(r.customer_since), status: r.status,
        vipPinned: r.vip_pinned ?? null, vipPinReason: r.vip_pin_reason ?? null,
      },
      bills: bills.get(r.id) ?? [], payments: payments.get(r.id) ?? [], adjustments: adjustments.get(r.id) ?? [],
      complaints: complaints.get(r.id) ?? [], serviceOrders: orders.get(r.id) ?? [], pendingReadings: readings.get(r.id) ?? [],
      openFraudFlag: flags.get(r.id)?.[0] ?? null, consumptionBar,
    },
    stored: stored(r),
  }));
}
