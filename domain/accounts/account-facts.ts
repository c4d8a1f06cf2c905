/**
 * Everything the rules need about one account, loaded with a fixed number of set-based
 * queries (seven, run in parallel, plus the cached consumption bar) whatever the size of
 * its history. Plain data in, so the profile, the JSON API and the nightly job all feed
 * the same rules (`accountInsights`) the same facts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FlagKind } from '../shared/enums.js';
import type { BilledPeriod } from '../billing/billing-overview.js';
import { addMonths } from '../shared/calendar.js';
import type { ComplaintFacts } from '../communications/complaint-rules.js';
import type { PaymentStatus } from '../billing/payment-compliance.js';
import type { ReadingFlag, VerificationStatus } from '../readings/reading-checks.js';
import type { ServiceOrderStatus } from '../service-orders/service-order-transitions.js';
import type { AccountRecord } from './account-record.js';
import { consumptionBar } from '../readings/consumption-bar.js';
import { asDate, asDateOrNull, asInt, asIntOrNull, sqlDay } from '../shared/sql-values.js';

export { accountInsights, type AccountInsights } from './account-insights.js';

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

type Row = Record<string, unknown>;

// A month of slack beyond the rules' 12-month windows: the rules themselves decide what is in.
const SQL = {
  bills: `select id, period_start, period_end, issued_at, due_date, amount_cents, usage
            from bill where account_id = ? order by period_end`,
  payments: `select bill_id, paid_at, amount_cents, status from payment
               where account_id = ? and status in ('processed', 'failed')`,
  adjustments: `select created_at, amount_cents from adjustment where account_id = ?`,
  complaints: `select opened_at, resolved_at from complaint
                where account_id = ? and (resolved_at is null or opened_at >= ?::date)`,
  serviceOrders: `select order_number, status, completed_at, rating, overdue, sla_due_at from service_order
                   where account_id = ? and ((status = 'completed' and rating is not null and completed_at >= ?::date)
                                          or status not in ('completed', 'cancelled'))`,
  pendingReadings: `select m.meter_number, r.read_at, r.verification_status, r.flags
                      from reading r join meter m on m.id = r.meter_id
                     where r.account_id = ? and r.verification_status = 'pending'`,
  openFraudFlag: `select kind, opened_at from fraud_flag
                   where account_id = ? and closed_at is null order by opened_at limit 1`,
} as const;

export async function loadAccountFacts(em: EntityManager, account: AccountRecord, asOf: Date = new Date()): Promise<AccountFacts> {
  const run = (sql: string, params: unknown[]) => em.getConnection().execute<Row[]>(sql, params);
  const since = sqlDay(addMonths(asOf, -13));
  const [bills, payments, adjustments, complaints, orders, readings, flags, bar] = await Promise.all([
    run(SQL.bills, [account.id]),
    run(SQL.payments, [account.id]),
    run(SQL.adjustments, [account.id]),
    run(SQL.complaints, [account.id, since]),
    run(SQL.serviceOrders, [account.id, since]),
    run(SQL.pendingReadings, [account.id]),
    run(SQL.openFraudFlag, [account.id]),
    consumptionBar(em, account.vipSettings.consumptionPercentile),
  ]);
  return {
    account: {
      id: account.id, accountNumber: account.accountNumber, customerSince: account.customerSince,
      status: account.status, vipPinned: account.vipPinned, vipPinReason: account.vipPinReason,
    },
    bills: bills.map((r) => ({
      id: String(r.id), periodStart: asDate(r.period_start), periodEnd: asDate(r.period_end), issuedAt: asDate(r.issued_at),
      dueDate: asDate(r.due_date), amountCents: asInt(r.amount_cents), usage: asInt(r.usage),
    })),
    payments: payments.map((r) => ({
      billId: r.bill_id === null ? null : String(r.bill_id), paidAt: asDate(r.paid_at),
      amountCents: asInt(r.amount_cents), status: r.status as PaymentStatus,
    })),
    adjustments: adjustments.map((r) => ({ createdAt: asDate(r.created_at), amountCents: asInt(r.amount_cents) })),
    complaints: complaints.map((r) => ({ openedAt: asDate(r.opened_at), resolvedAt: asDateOrNull(r.resolved_at) })),
    serviceOrders: orders.map((r) => ({
      orderNumber: String(r.order_number), status: r.status as ServiceOrderStatus, completedAt: asDateOrNull(r.completed_at),
      rating: asIntOrNull(r.rating), overdue: Boolean(r.overdue), slaDueAt: asDateOrNull(r.sla_due_at),
    })),
    pendingReadings: readings.map((r) => ({
      meterNumber: String(r.meter_number), readAt: asDate(r.read_at),
      verificationStatus: r.verification_status as VerificationStatus, flags: (r.flags as ReadingFlag[] | null) ?? [],
    })),
    openFraudFlag: flags.length ? { kind: flags[0].kind as FlagKind, openedAt: asDate(flags[0].opened_at) } : null,
    consumptionBar: bar,
  };
}
