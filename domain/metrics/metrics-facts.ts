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
import type { AccountStatus } from '../common/enums.js';
import { addMonths } from '../common/calendar.js';
import type { Database } from '../common/database.js';
import type { AccountFacts } from '../accounts/account-facts.js';
import { asDate, asDateOrNull, asInt, asIntOrNull, asNumberOrNull, sqlDay } from '../common/sql-values.js';

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

/**
 * A row as the driver returns it, before MikroORM's value conversion: bigints, numerics
 * and timestamps as text (`date` columns are text either way).
 */
type Driver<R> = { [K in keyof R]: Date extends R[K] ? Exclude<R[K], Date> | string : number extends R[K] ? R[K] | string : R[K] };

/**
 * The chunk's reads skip MikroORM's per-row value conversion (`db(em)`): over millions of
 * bill and payment rows it costs ten times the queries themselves, so the mappers below
 * convert the few columns that need it.
 */
function driverRows<R>(query: { execute(): Promise<R[]> }): Promise<Driver<R>[]> {
  return query.execute() as Promise<Driver<R>[]>;
}

/** `= any('{1,2,3}'::int[])`: the whole chunk as one parameter. */
const anyOf = (ids: number[]) => sql<number>`any(${`{${ids.join(',')}}`}::int[])`;

type Rows = Awaited<ReturnType<typeof select>>;

// The conditions are account-facts.ts's, one for one, with the chunk in place of one account.
async function select(em: EntityManager, ids: number[], asOf: Date) {
  const k = em.getKysely<Database>();
  const chunk = anyOf(ids);
  const since = sql<Date>`${sqlDay(addMonths(asOf, -13))}::date`;
  // One connection, one snapshot: the statements run one after another.
  const accounts = await driverRows(k.selectFrom('account')
    .select(['id', 'account_number', 'customer_since', 'status', 'vip_pinned', 'vip_pin_reason', 'balance_cents', 'overdue_since',
      'last_billing_date', 'vip', 'vip_reasons', 'health_score', 'health_breakdown', 'payment_compliance_percent'])
    .where('id', '=', chunk).orderBy('id'));
  const bills = await driverRows(k.selectFrom('bill')
    .select(['account_id', 'id', 'period_start', 'period_end', 'issued_at', 'due_date', 'amount_cents', 'usage'])
    .where('account_id', '=', chunk).orderBy('account_id').orderBy('period_end'));
  const payments = await driverRows(k.selectFrom('payment').select(['account_id', 'bill_id', 'paid_at', 'amount_cents', 'status'])
    .where('account_id', '=', chunk).where('status', 'in', ['processed', 'failed']).orderBy('account_id').orderBy('id'));
  const adjustments = await driverRows(k.selectFrom('adjustment').select(['account_id', 'created_at', 'amount_cents'])
    .where('account_id', '=', chunk).orderBy('account_id').orderBy('id'));
  const complaints = await driverRows(k.selectFrom('complaint').select(['account_id', 'opened_at', 'resolved_at'])
    .where('account_id', '=', chunk).where((eb) => eb.or([eb('resolved_at', 'is', null), eb('opened_at', '>=', since)]))
    .orderBy('account_id').orderBy('id'));
  const serviceOrders = await driverRows(k.selectFrom('service_order')
    .select(['account_id', 'order_number', 'status', 'completed_at', 'rating', 'overdue', 'sla_due_at'])
    .where('account_id', '=', chunk)
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'completed'), eb('rating', 'is not', null), eb('completed_at', '>=', since)]),
      eb('status', 'not in', ['completed', 'cancelled']),
    ]))
    .orderBy('account_id').orderBy('id'));
  const pendingReadings = await driverRows(k.selectFrom('reading as r').innerJoin('meter as m', 'm.id', 'r.meter_id')
    .select(['r.account_id', 'm.meter_number', 'r.read_at', 'r.verification_status', 'r.flags'])
    .where('r.account_id', '=', chunk).where('r.verification_status', '=', 'pending').orderBy('r.account_id').orderBy('r.id'));
  const openFraudFlags = await driverRows(k.selectFrom('fraud_flag').distinctOn('account_id').select(['account_id', 'kind', 'opened_at'])
    .where('account_id', '=', chunk).where('closed_at', 'is', null).orderBy('account_id').orderBy('opened_at'));
  return { accounts, bills, payments, adjustments, complaints, serviceOrders, pendingReadings, openFraudFlags };
}

function byAccount<R extends { account_id: unknown }, T>(rows: R[], map: (row: R) => T): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const id = Number(row.account_id);
    let list = grouped.get(id);
    if (!list) grouped.set(id, (list = []));
    list.push(map(row));
  }
  return grouped;
}

const toBill = (r: Rows['bills'][number]) => ({
  id: String(r.id), periodStart: asDate(r.period_start), periodEnd: asDate(r.period_end), issuedAt: asDate(r.issued_at),
  dueDate: asDate(r.due_date), amountCents: asInt(r.amount_cents), usage: asInt(r.usage),
});
const toPayment = (r: Rows['payments'][number]) => ({
  billId: r.bill_id === null ? null : String(r.bill_id), paidAt: asDate(r.paid_at), amountCents: asInt(r.amount_cents), status: r.status,
});
const toOrder = (r: Rows['serviceOrders'][number]) => ({
  orderNumber: r.order_number, status: r.status, completedAt: asDateOrNull(r.completed_at),
  rating: asIntOrNull(r.rating), overdue: r.overdue, slaDueAt: asDateOrNull(r.sla_due_at),
});
const toReading = (r: Rows['pendingReadings'][number]) => ({
  meterNumber: r.meter_number, readAt: asDate(r.read_at), verificationStatus: r.verification_status, flags: r.flags ?? [],
});

function stored(r: Rows['accounts'][number]): StoredMetrics {
  return {
    status: r.status, balanceCents: asInt(r.balance_cents), overdueSince: r.overdue_since ?? null, lastBillingDate: r.last_billing_date ?? null,
    vip: r.vip, vipReasons: r.vip_reasons ?? null, healthScore: asIntOrNull(r.health_score),
    healthBreakdown: r.health_breakdown ?? null, compliancePercent: asNumberOrNull(r.payment_compliance_percent),
  };
}

/** The facts of every listed account that exists, in id order; `consumptionBar` is computed once per run by the caller. */
export async function loadChunkFacts(orm: MikroORM, ids: number[], asOf: Date, consumptionBar: number | null): Promise<ChunkAccount[]> {
  const rows = await orm.em.fork().transactional((em) => select(em, ids, asOf),
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  const bills = byAccount(rows.bills, toBill);
  const payments = byAccount(rows.payments, toPayment);
  const adjustments = byAccount(rows.adjustments, (r) => ({ createdAt: asDate(r.created_at), amountCents: asInt(r.amount_cents) }));
  const complaints = byAccount(rows.complaints, (r) => ({ openedAt: asDate(r.opened_at), resolvedAt: asDateOrNull(r.resolved_at) }));
  const orders = byAccount(rows.serviceOrders, toOrder);
  const readings = byAccount(rows.pendingReadings, toReading);
  const flags = byAccount(rows.openFraudFlags, (r) => ({ kind: r.kind, openedAt: asDate(r.opened_at) }));
  return rows.accounts.map((r) => {
    const id = asInt(r.id);
    return {
      facts: {
        account: {
          id, accountNumber: r.account_number, customerSince: asDate(r.customer_since), status: r.status,
          vipPinned: r.vip_pinned ?? null, vipPinReason: r.vip_pin_reason ?? null,
        },
        bills: bills.get(id) ?? [], payments: payments.get(id) ?? [], adjustments: adjustments.get(id) ?? [],
        complaints: complaints.get(id) ?? [], serviceOrders: orders.get(id) ?? [], pendingReadings: readings.get(id) ?? [],
        openFraudFlag: flags.get(id)?.[0] ?? null, consumptionBar,
      },
      stored: stored(r),
    };
  });
}
