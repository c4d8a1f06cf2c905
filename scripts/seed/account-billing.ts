/**
 * The money side of one account: its bills from the billable readings, its payments by
 * its habits and story (a collection account stopped paying months ago, a disconnected
 * one before its disconnection), and the resulting balance and overdue date, computed by
 * the domain's own rule (docs/rules.md#consumer-accounts) so the seed and the app agree to the cent.
 */
import type { AccountStatus } from '../../domain/common/enums.js';
import { computeBalance } from '../../domain/billing/balance.js';
import { allocatePayments } from '../../domain/billing/allocation.js';
import { billsFor, type IssuedBill } from './billing.js';
import type { SeedContext, Timeline } from './context.js';
import { JOHN_DOE_INDEX, johnDoeLateBill } from './john-doe.js';
import type { MeterHistory } from './meter-history.js';
import { dayOfSeconds } from './days.js';
import { paymentsFor, type Payments } from './payments.js';
import { streamFor } from './prng.js';
import type { AccountProfile } from './profile.js';
import type { IdCursor, PaymentAllocationRow, PaymentRow } from './rows.js';

export interface AccountMoney {
  bills: IssuedBill[];
  payments: PaymentRow[];
  /** Which bill each processed payment paid, by the domain's own rule (docs/rules.md#bills-payments-and-compliance). */
  allocations: PaymentAllocationRow[];
  balanceCents: number;
  /** Day number of the oldest unpaid due date already past, or null. */
  overdueSince: number | null;
}

const MS_PER_DAY = 86_400_000;
/** docs/rules.md#nightly-metrics: overdue more than this many days means collection. */
const COLLECTION_AFTER_DAYS = 60;
const asDate = (day: number) => new Date(day * MS_PER_DAY);

/** Index of the first bill never paid, by the account's story; null when all get paid. */
function firstUnpaidBill(profile: AccountProfile, bills: IssuedBill[], timeline: Timeline, pick: (n: number) => number): number | null {
  if (bills.length === 0) return null;
  if (profile.status === 'collection') {
    const lastOldEnough = bills.findLastIndex((b) => b.due < timeline.asOfDay - COLLECTION_AFTER_DAYS);
    return lastOldEnough < 0 ? null : Math.max(0, lastOldEnough - pick(2));
  }
  if (profile.stoppedPaying && profile.serviceEnd !== null) {
    const from = profile.serviceEnd - 45 - pick(45);
    const index = bills.findIndex((b) => b.due >= from);
    return index < 0 ? bills.length - 1 : index;
  }
  // One moved-out customer in four never paid the final bill.
  if (profile.status === 'inactive' && pick(3) === 0) return bills.length - 1;
  return null;
}

function balanceOf(bills: IssuedBill[], payments: Payments, timeline: Timeline) {
  // The seed reasons in whole calendar days (payments by their day too), so its days are read as UTC days.
  return computeBalance({
    asOf: asDate(timeline.asOfDay), timeZone: 'UTC',
    bills: bills.map((b) => ({ issuedAt: asDate(b.issued), dueDate: asDate(b.due), amountCents: b.amount })),
    payments: payments.rows.map((p, i) => ({ paidAt: asDate(dayOfSeconds(payments.paidAt[i])), amountCents: p.amount_cents, status: p.status as 'processed' | 'pending' | 'failed' })),
    adjustments: [],
  });
}

function allocationsOf(bills: IssuedBill[], payments: Payments, ids: IdCursor, timeZone: string): PaymentAllocationRow[] {
  const rows = allocatePayments(
    bills.map((b) => ({ id: b.row.id, issuedAt: asDate(b.issued), dueDate: asDate(b.due), amountCents: b.amount })),
    payments.rows.map((p, i) => ({ id: p.id, billId: p.bill_id, paidAt: new Date(payments.paidAt[i] * 1000), amountCents: p.amount_cents, status: p.status as 'processed' | 'pending' | 'failed' })),
    timeZone,
  );
  return rows.map((a) => ({ id: ids.payment_allocation++, account_id: payments.rows[0].account_id, payment_id: a.paymentId, bill_id: a.billId, amount_cents: a.amountCents, applied_on: a.appliedOn }));
}

export function accountMoney(profile: AccountProfile, accountId: number, meters: MeterHistory | null, ids: IdCursor, context: SeedContext, timeline: Timeline): AccountMoney {
  if (!meters) return { bills: [], payments: [], allocations: [], balanceCents: 0, overdueSince: null };
  const rng = streamFor(context.seed, profile.index, 'payments');
  const bills = billsFor(ids, {
    accountId, plan: profile.plan, cycle: profile.billingCycle, days: meters.days, usage: meters.usage,
    billableUpTo: meters.billableUpTo, final: profile.serviceEnd !== null,
  }, timeline);
  const john = profile.index === JOHN_DOE_INDEX;
  const payments = paymentsFor(rng, {
    accountId, accountNumber: profile.accountNumber, behaviour: profile.behaviour, autopay: profile.paymentMethod === 'autopay',
    usualMethod: profile.usualMethod, firstUnpaid: firstUnpaidBill(profile, bills, timeline, (n) => rng.int(0, n)),
    forcedLate: john ? johnDoeLateBill(bills, timeline) : undefined, tidy: john,
    onAccount: profile.status === 'collection' && rng.chance(0.5) ? rng.int(1, 2) : 0,
  }, bills, ids, timeline, context.users.agent.id);
  const balance = balanceOf(bills, payments, timeline);
  const overdueSince = balance.overdueSince === null ? null : Math.round(balance.overdueSince.getTime() / MS_PER_DAY);
  return { bills, payments: payments.rows, allocations: allocationsOf(bills, payments, ids, context.timeZone), balanceCents: balance.balanceCents, overdueSince };
}

/** Collection needs a balance overdue more than 60 days; an account whose history cannot show one is simply active. */
export function statusAfterBilling(status: AccountStatus, money: AccountMoney, timeline: Timeline): AccountStatus {
  if (status !== 'collection') return status;
  const overdue = money.overdueSince !== null && timeline.asOfDay - money.overdueSince > COLLECTION_AFTER_DAYS;
  return overdue ? 'collection' : 'active';
}
