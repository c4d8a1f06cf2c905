/**
 * Everything the rules need about one account, loaded with a fixed number of set-based
 * queries (seven, run in parallel, plus the cached consumption bar) whatever its history.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import type { FlagKind } from '../common/enums.js';
import type { BilledPeriod } from '../billing/billing-overview.js';
import { addMonths } from '../common/calendar.js';
import type { ComplaintFacts } from '../communications/complaint-rules.js';
import type { PaymentStatus } from '../billing/payment-compliance.js';
import type { ReadingFlag, VerificationStatus } from '../readings/reading-checks.js';
import type { ServiceOrderStatus } from '../common/enums.js';
import type { AccountRecord } from './account-record.js';
import { consumptionBar } from '../readings/consumption-bar.js';
import { sqlDay } from '../common/sql-values.js';

// Plain data in, so the profile, the JSON API and the nightly job all feed the same rules (`accountInsights`) the same facts.
export interface AccountFacts {
  account: Pick<AccountRecord, 'id' | 'accountNumber' | 'customerSince' | 'status' | 'vipPinned' | 'vipPinReason'>;
  /** Every bill issued to the account (balance needs them all). */
  bills: Array<BilledPeriod & { id: string }>;
  /** Processed and failed payments, with the bill they settle; pending ones do not count anywhere. */
  payments: Array<{ billId: string | null; paidAt: Date; amountCents: number; status: PaymentStatus }>;
  adjustments: Array<{ createdAt: Date; amountCents: number }>;
  /** Complaints still open, and every complaint opened in the last 13 months. */
  complaints: ComplaintFacts[];
  /** Rated orders completed in the last 13 months (service quality) and every open order (SLA alerts). */
  serviceOrders: Array<{
    orderNumber: string; status: ServiceOrderStatus; completedAt: Date | null; rating: number | null;
    overdue: boolean; slaDueAt: Date | null;
  }>;
  /** Readings still waiting for an agent, flagged or not. */
  pendingReadings: Array<{ meterNumber: string; readAt: Date; verificationStatus: VerificationStatus; flags: ReadingFlag[] }>;
  /** The oldest open fraud or tampering flag on the account or one of its meters. */
  openFraudFlag: { kind: FlagKind; openedAt: Date } | null;
  /** The VIP consumption bar (percentile of active accounts' average monthly usage). */
  consumptionBar: number | null;
}

/**
 * The facts' source rows of some accounts (one for the profile, a chunk for the nightly
 * job), each with its `accountId`; `asOf` sets the complaint and order windows: a month
 * of slack beyond the rules' 12 months, the rules themselves decide what is in.
 */
export function accountFactQueries(em: EntityManager, accountIds: number[], asOf: Date) {
  const sinceDay = sql<Date>`${sqlDay(addMonths(asOf, -13))}::date`;
  const q = db(em);
  return {
    bills: q.selectFrom('bill')
      .select(['account_id as accountId', 'id', 'period_start', 'period_end', 'issued_at', 'due_date', 'amount_cents', 'usage'])
      .where('account_id', 'in', accountIds).orderBy('period_end'),
    payments: q.selectFrom('payment').select(['account_id as accountId', 'bill_id', 'paid_at', 'amount_cents', 'status'])
      .where('account_id', 'in', accountIds).where('status', 'in', ['processed', 'failed']),
    adjustments: q.selectFrom('adjustment').select(['account_id as accountId', 'created_at as createdAt', 'amount_cents as amountCents'])
      .where('account_id', 'in', accountIds),
    complaints: q.selectFrom('complaint').select(['account_id as accountId', 'opened_at as openedAt', 'resolved_at as resolvedAt'])
      .where('account_id', 'in', accountIds)
      .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('opened_at', '>=', sinceDay)])),
    serviceOrders: q.selectFrom('service_order')
      .select(['account_id as accountId', 'order_number as orderNumber', 'status', 'completed_at as completedAt', 'rating', 'overdue', 'sla_due_at as slaDueAt'])
      .where('account_id', 'in', accountIds)
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'completed'), eb('rating', 'is not', null), eb('completed_at', '>=', sinceDay)]),
        eb('status', 'not in', ['completed', 'cancelled']),
      ])),
    pendingReadings: q.selectFrom('reading as r').innerJoin('meter as m', 'm.id', 'r.meter_id')
      .select(['r.account_id as accountId', 'm.meter_number', 'r.read_at', 'r.verification_status', 'r.flags'])
      .where('r.account_id', 'in', accountIds).where('r.verification_status', '=', 'pending'),
  };
}

type FactRows = { [K in keyof ReturnType<typeof accountFactQueries>]: Awaited<ReturnType<ReturnType<typeof accountFactQueries>[K]['execute']>>[number] };

/** Source rows → facts, shared with the nightly job; `date` columns arrive as 'YYYY-MM-DD' (UTC midnight). */
export const toFact = {
  bill: (r: FactRows['bills']) => ({
    id: String(r.id), periodStart: new Date(r.period_start), periodEnd: new Date(r.period_end), issuedAt: new Date(r.issued_at),
    dueDate: new Date(r.due_date), amountCents: r.amount_cents, usage: r.usage,
  }),
  payment: (r: FactRows['payments']) => ({
    billId: r.bill_id === null ? null : String(r.bill_id), paidAt: r.paid_at, amountCents: r.amount_cents, status: r.status,
  }),
  adjustment: ({ createdAt, amountCents }: FactRows['adjustments']) => ({ createdAt, amountCents }),
  complaint: ({ openedAt, resolvedAt }: FactRows['complaints']) => ({ openedAt, resolvedAt }),
  serviceOrder: ({ accountId: _accountId, ...order }: FactRows['serviceOrders']) => order,
  pendingReading: (r: FactRows['pendingReadings']) => ({
    meterNumber: r.meter_number, readAt: new Date(r.read_at), verificationStatus: r.verification_status, flags: r.flags ?? [],
  }),
};

export async function loadAccountFacts(em: EntityManager, account: AccountRecord, asOf: Date = new Date()): Promise<AccountFacts> {
  const queries = accountFactQueries(em, [account.id], asOf);
  const [bills, payments, adjustments, complaints, orders, readings, flag, bar] = await Promise.all([
    queries.bills.execute(),
    queries.payments.execute(),
    queries.adjustments.execute(),
    queries.complaints.execute(),
    queries.serviceOrders.execute(),
    queries.pendingReadings.execute(),
    db(em).selectFrom('fraud_flag').select(['kind', 'opened_at as openedAt'])
      .where('account_id', '=', account.id).where('closed_at', 'is', null).orderBy('opened_at').limit(1).executeTakeFirst(),
    consumptionBar(em, account.vipSettings.consumptionPercentile),
  ]);
  return {
    account: {
      id: account.id, accountNumber: account.accountNumber, customerSince: account.customerSince,
      status: account.status, vipPinned: account.vipPinned, vipPinReason: account.vipPinReason,
    },
    bills: bills.map(toFact.bill),
    payments: payments.map(toFact.payment),
    adjustments: adjustments.map(toFact.adjustment),
    complaints: complaints.map(toFact.complaint),
    serviceOrders: orders.map(toFact.serviceOrder),
    pendingReadings: readings.map(toFact.pendingReading),
    openFraudFlag: flag ?? null,
    consumptionBar: bar,
  };
}
