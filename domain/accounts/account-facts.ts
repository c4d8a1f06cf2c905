/**
 * The facts the rules need about an account, and the one place their queries and row
 * mappers live: the profile loads one account with them, the nightly run whole chunks.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder, type ShallowDehydrateObject } from 'kysely';
import { jsonArrayFrom, jsonBuildObject, jsonObjectFrom } from 'kysely/helpers/postgres';
import { db, type Db } from '../common/database.js';
import { preparedQuery } from '../common/prepared-query.js';
import type { FlagKind, ServiceOrderStatus } from '../common/enums.js';
import type { BilledPeriod } from '../billing/billing-overview.js';
import { addMonths } from '../common/calendar.js';
import type { ComplaintFacts } from '../communications/complaint-rules.js';
import type { AllocationFacts, PaymentStatus } from '../billing/payment-compliance.js';
import type { ReadingFlag, VerificationStatus } from '../readings/reading-checks.js';
import type { ConsumptionReading } from '../readings/consumption-months.js';
import type { AccountRecord } from './account-record.js';
import { consumptionBar } from '../readings/consumption-bar.js';
import { ESTIMATES_IN_A_ROW } from '../readings/reading-estimates.js';
import { asInt, asIntOrNull, dayNumberOf, fromDayNumber, fromMicros, fromMicrosOrNull, sqlDay } from '../common/sql-values.js';

// Plain data in, so the profile, the JSON API and the nightly job all feed the same rules (`accountInsights`) the same facts.
export interface AccountFacts {
  account: Pick<AccountRecord, 'id' | 'accountNumber' | 'customerSince' | 'status' | 'vipPinned' | 'vipPinReason'>;
  /** Every bill issued to the account (balance needs them all). */
  bills: Array<BilledPeriod & { id: string }>;
  /** Processed and failed payments, with the bill they settle; pending ones do not count anywhere. */
  payments: Array<{ billId: string | null; paidAt: Date; amountCents: number; status: PaymentStatus }>;
  /** The stored allocations of processed payments to bills (docs/rules.md#bills-payments-and-compliance). */
  allocations: AllocationFacts[];
  adjustments: Array<{ createdAt: Date; amountCents: number }>;
  /** Complaints still open, and every complaint opened in the last 13 months. */
  complaints: ComplaintFacts[];
  /** Rated orders completed in the last 13 months (service quality) and every open order (SLA alerts). */
  serviceOrders: Array<{
    orderNumber: string; status: ServiceOrderStatus; completedAt: Date | null; rating: number | null;
    overdue: boolean; slaDueAt: Date | null;
  }>;
  /** Verified or estimated readings of the last 13 months with a consumption, and the date it was measured from (consistency). */
  consumptionReadings: ConsumptionReading[];
  /** Readings still waiting for an agent, flagged or not. */
  pendingReadings: Array<{ meterNumber: string; readAt: Date; verificationStatus: VerificationStatus; flags: ReadingFlag[] }>;
  /** Meters with three or more estimates in a row (docs/rules.md#estimated-readings), for the profile alert. */
  estimateRuns?: Array<{ meterNumber: string; estimates: number }>;
  /** The oldest open fraud or tampering flag on the account or one of its meters. */
  openFraudFlag: { kind: FlagKind; openedAt: Date } | null;
  /** The VIP consumption bar (percentile of active accounts' average monthly usage). */
  consumptionBar: number | null;
}

/** One account (`= id`), or a chunk of them as one array parameter (`= any('{1,2,3}'::int[])`). */
export type AccountFilter = number | readonly number[];

export const accountIs = (filter: AccountFilter) =>
  typeof filter === 'number' ? filter : sql<number>`any(${`{${filter.join(',')}}`}::int[])`;

/**
 * The eight selections behind the facts, for one account (the profile) or a chunk (the
 * nightly run), each row with its `account_id`, ordered by account. `asOf` sets the
 * complaint and order windows: a month of slack beyond the rules' 12 months, the rules
 * themselves decide what is in. `toFact` turns each row into a fact.
 */
export function accountFactQueries(em: EntityManager, accounts: AccountFilter, asOf: Date) {
  return factSelections(db(em), accountIs(accounts), windowStart(asOf));
}

/** The first day of the complaint and order windows. */
export const windowStart = (asOf: Date) => sqlDay(addMonths(asOf, -13));

/**
 * A `date` column as its day number, and a `timestamptz` column as microseconds since the epoch:
 * integers cost PostgreSQL less to send and JavaScript less to read than date text (the nightly
 * run reads about 130 million of them at a million accounts). `toFact` turns them back into Dates.
 */
const instantMicros = <A extends string>(column: string, as: A) =>
  sql<number | null>`round(date_part('epoch', ${sql.ref(column)}) * 1000000)::int8`.as(as);

/** The selections themselves, over an account id (or `any(…)` of a chunk) and the windows' first day. */
function factSelections(q: Db, account: number | RawBuilder<number>, windowStartDay: string) {
  const since = sql<Date>`${windowStartDay}::date`;
  return {
    bills: q.selectFrom('bill')
      .select(['account_id', 'id', dayNumberOf('period_start', 'period_start'), dayNumberOf('period_end', 'period_end'),
        dayNumberOf('issued_at', 'issued_at'), dayNumberOf('due_date', 'due_date'), 'amount_cents', 'usage'])
      .where('account_id', '=', account).orderBy('account_id').orderBy('period_end'),
    payments: q.selectFrom('payment').select(['account_id', 'bill_id', instantMicros('paid_at', 'paid_at'), 'amount_cents', 'status'])
      .where('account_id', '=', account).where('status', 'in', ['processed', 'failed']).orderBy('account_id').orderBy('id'),
    allocations: q.selectFrom('payment_allocation').select(['account_id', 'bill_id', 'amount_cents', 'applied_on'])
      .where('account_id', '=', account).orderBy('account_id').orderBy('id'),
    adjustments: q.selectFrom('adjustment').select(['account_id', instantMicros('created_at', 'created_at'), 'amount_cents'])
      .where('account_id', '=', account).orderBy('account_id').orderBy('id'),
    complaints: q.selectFrom('complaint').select(['account_id', instantMicros('opened_at', 'opened_at'), instantMicros('resolved_at', 'resolved_at')])
      .where('account_id', '=', account).where((eb) => eb.or([eb('resolved_at', 'is', null), eb('opened_at', '>=', since)]))
      .orderBy('account_id').orderBy('id'),
    serviceOrders: q.selectFrom('service_order')
      .select(['account_id', 'order_number', 'status', instantMicros('completed_at', 'completed_at'), 'rating', 'overdue',
        instantMicros('sla_due_at', 'sla_due_at')])
      .where('account_id', '=', account)
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'completed'), eb('rating', 'is not', null), eb('completed_at', '>=', since)]),
        eb('status', 'not in', ['completed', 'cancelled']),
      ]))
      .orderBy('account_id').orderBy('id'),
    /** The previous reading is the meter's previous non-rejected one, the one its consumption was measured from. */
    consumptionReadings: q.selectFrom((eb) => eb.selectFrom('reading')
      .select((r) => ['account_id', 'read_at', 'consumption', 'verification_status', 'source',
        r.fn.agg<string | Date | null>('lag', ['read_at']).over((w) => w.partitionBy('meter_id').orderBy('read_at').orderBy('id')).as('previous_read_at')])
      // A superseded estimate is history: the actual reading after it is measured from the last actual one.
      .where('account_id', '=', account).where('verification_status', '<>', 'rejected').where('superseded_by_id', 'is', null).as('r'))
      .select(['r.account_id', dayNumberOf('r.read_at', 'read_at'), 'r.consumption', dayNumberOf('r.previous_read_at', 'previous_read_at')])
      .where('r.read_at', '>=', windowStartDay).where('r.consumption', 'is not', null).where('r.previous_read_at', 'is not', null)
      .where((eb) => eb.or([eb('r.verification_status', '=', 'verified'), eb('r.source', '=', 'estimated')]))
      .orderBy('r.account_id').orderBy('r.read_at'),
    pendingReadings: q.selectFrom('reading as r').innerJoin('meter as m', 'm.id', 'r.meter_id')
      .select(['r.account_id', 'm.meter_number', dayNumberOf('r.read_at', 'read_at'), 'r.verification_status', 'r.flags'])
      .where('r.account_id', '=', account).where('r.verification_status', '=', 'pending').orderBy('r.account_id').orderBy('r.id'),
    /** Meters whose open (not superseded) estimates are three or more: estimates in a row. */
    estimateRuns: q.selectFrom('reading as r').innerJoin('meter as m', 'm.id', 'r.meter_id')
      .select((eb) => ['r.account_id', 'm.meter_number', eb.fn.countAll<string>().as('estimates')])
      .where('r.account_id', '=', account).where('r.source', '=', 'estimated').where('r.superseded_by_id', 'is', null)
      .groupBy(['r.account_id', 'm.meter_number']).having((eb) => eb.fn.countAll(), '>=', ESTIMATES_IN_A_ROW)
      .orderBy('r.account_id').orderBy('m.meter_number'),
    /** One row per account: its oldest open flag. */
    openFraudFlags: q.selectFrom('fraud_flag').distinctOn('account_id').select(['account_id', 'kind', instantMicros('opened_at', 'opened_at')])
      .where('account_id', '=', account).where('closed_at', 'is', null).orderBy('account_id').orderBy('opened_at'),
  };
}

type FactQueries = ReturnType<typeof factSelections>;
type FactRows = { [K in keyof FactQueries]: Awaited<ReturnType<FactQueries[K]['execute']>> };
/** A source row as a query returns it, or as it comes inside a JSON aggregate (timestamps as ISO text): `toFact` reads both. */
type Row<K extends keyof FactRows> = FactRows[K][number] | ShallowDehydrateObject<FactRows[K][number]>;

/**
 * Source rows → facts, the profile's and the nightly run's: `date` columns arrive as day numbers
 * (UTC midnight), `timestamptz` columns as microseconds, bigints as numbers or text.
 */
export const toFact = {
  bill: (r: Row<'bills'>) => ({
    id: String(r.id), periodStart: fromDayNumber(r.period_start), periodEnd: fromDayNumber(r.period_end),
    issuedAt: fromDayNumber(r.issued_at), dueDate: fromDayNumber(r.due_date), amountCents: asInt(r.amount_cents), usage: asInt(r.usage),
  }),
  payment: (r: Row<'payments'>) => ({
    billId: r.bill_id === null ? null : String(r.bill_id), paidAt: fromMicros(asInt(r.paid_at)), amountCents: asInt(r.amount_cents), status: r.status,
  }),
  allocation: (r: Row<'allocations'>): AllocationFacts => ({ billId: String(r.bill_id), amountCents: asInt(r.amount_cents), appliedOn: String(r.applied_on) }),
  adjustment: (r: Row<'adjustments'>) => ({ createdAt: fromMicros(asInt(r.created_at)), amountCents: asInt(r.amount_cents) }),
  complaint: (r: Row<'complaints'>) => ({ openedAt: fromMicros(asInt(r.opened_at)), resolvedAt: fromMicrosOrNull(asIntOrNull(r.resolved_at)) }),
  serviceOrder: (r: Row<'serviceOrders'>) => ({
    orderNumber: r.order_number, status: r.status, completedAt: fromMicrosOrNull(asIntOrNull(r.completed_at)),
    rating: asIntOrNull(r.rating), overdue: r.overdue, slaDueAt: fromMicrosOrNull(asIntOrNull(r.sla_due_at)),
  }),
  consumptionReading: (r: Row<'consumptionReadings'>): ConsumptionReading => ({
    readAt: fromDayNumber(r.read_at), previousReadAt: fromDayNumber(r.previous_read_at), consumption: asInt(r.consumption),
  }),
  pendingReading: (r: Row<'pendingReadings'>) => ({
    meterNumber: r.meter_number, readAt: fromDayNumber(r.read_at), verificationStatus: r.verification_status, flags: r.flags ?? [],
  }),
  estimateRun: (r: Row<'estimateRuns'>) => ({ meterNumber: r.meter_number, estimates: asInt(r.estimates) }),
  fraudFlag: (r: Row<'openFraudFlags'>) => ({ kind: r.kind, openedAt: fromMicros(asInt(r.opened_at)) }),
};

/**
 * One account's fact selections as a single JSON value (`json_build_object` of a `json_agg` per
 * selection, each in its own order), so the facts cost one statement, not ten. `account` is an
 * id, or a column of an enclosing query (the profile's `a.id`).
 */
export function factsJson(q: Db, account: number | RawBuilder<number>, windowStartDay: string) {
  const s = factSelections(q, account, windowStartDay);
  return jsonBuildObject({
    bills: jsonArrayFrom(s.bills), payments: jsonArrayFrom(s.payments), allocations: jsonArrayFrom(s.allocations),
    adjustments: jsonArrayFrom(s.adjustments), complaints: jsonArrayFrom(s.complaints), serviceOrders: jsonArrayFrom(s.serviceOrders),
    consumptionReadings: jsonArrayFrom(s.consumptionReadings), pendingReadings: jsonArrayFrom(s.pendingReadings),
    openFraudFlag: jsonObjectFrom(s.openFraudFlags), estimateRuns: jsonArrayFrom(s.estimateRuns),
  });
}

/** What `factsJson` returns once the driver has parsed it. */
export type FactsJson = ReturnType<typeof factsJson> extends RawBuilder<infer T> ? T : never;

/** One account's facts, compiled once (domain/common/prepared-query.ts). */
const oneAccountFacts = preparedQuery(2, (q: Db, id: number, since: string) => q.selectNoFrom(factsJson(q, id, since).as('facts')));

/** One account's facts in one statement, whatever its history (the consumption bar is cached: domain/readings/consumption-bar.ts). */
export async function loadAccountFacts(em: EntityManager, account: AccountRecord, asOf: Date = new Date()): Promise<AccountFacts> {
  const [[row], bar] = await Promise.all([
    oneAccountFacts(em, account.id, windowStart(asOf)),
    consumptionBar(em, account.vipSettings.consumptionPercentile),
  ]);
  return factsOf(account, row.facts, bar);
}

/** The facts from `factsJson`'s value, the account's own columns and the consumption bar. */
export function factsOf(account: AccountRecord, json: FactsJson, bar: number | null): AccountFacts {
  return {
    account: {
      id: account.id, accountNumber: account.accountNumber, customerSince: account.customerSince,
      status: account.status, vipPinned: account.vipPinned, vipPinReason: account.vipPinReason,
    },
    bills: json.bills.map(toFact.bill),
    payments: json.payments.map(toFact.payment),
    allocations: json.allocations.map(toFact.allocation),
    adjustments: json.adjustments.map(toFact.adjustment),
    complaints: json.complaints.map(toFact.complaint),
    serviceOrders: json.serviceOrders.map(toFact.serviceOrder),
    consumptionReadings: json.consumptionReadings.map(toFact.consumptionReading),
    pendingReadings: json.pendingReadings.map(toFact.pendingReading),
    openFraudFlag: json.openFraudFlag ? toFact.fraudFlag(json.openFraudFlag) : null,
    estimateRuns: json.estimateRuns.map(toFact.estimateRun),
    consumptionBar: bar,
  };
}
