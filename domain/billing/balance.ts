/**
 * What the consumer owes (docs/rules.md#consumer-accounts): bills minus processed payments plus adjustments,
 * in integer cents, and how much of it is overdue and since when (docs/rules.md#consumer-accounts alert, docs/rules.md#nightly-metrics
 * collection rule).
 */
import { calendarDay, utilityDay } from '../common/calendar.js';
import { assertCents } from '../common/money.js';
import type { PaymentStatus } from './payment-compliance.js';

export interface BalanceInput {
  asOf: Date;
  /** The utility's zone: `asOf`, payments and adjustments are instants, read as its local days. */
  timeZone: string;
  bills: Array<{ issuedAt: Date; dueDate: Date; amountCents: number }>;
  payments: Array<{ paidAt: Date; amountCents: number; status: PaymentStatus }>;
  /** Positive = a charge, negative = a credit. */
  adjustments: Array<{ createdAt: Date; amountCents: number }>;
}

export interface Balance {
  /** Signed: negative means the utility owes the customer (a credit). */
  balanceCents: number;
  /** max(balance, 0): what the customer has to pay. */
  outstandingCents: number;
  /** max(−balance, 0). */
  creditCents: number;
  /** Part of the outstanding amount on bills whose due date has passed. */
  overdueCents: number;
  /** Due date of the oldest bill not fully covered, when something is overdue. */
  overdueSince: Date | null;
  daysOverdue: number | null;
}

/** docs/rules.md#nightly-metrics: a balance overdue more than this many days sends the account to collection. */
export const COLLECTION_AFTER_DAYS = 60;


/**
 * Only what is dated on or before asOf's local day counts (bills by issue date), so a
 * rerun for a past day is stable; a bill is overdue from the local day after its due date. Payments and credits are applied to the oldest bills first, as a
 * customer would expect; charges made by adjustment have no due date and are never
 * overdue themselves.
 */
export function computeBalance(input: BalanceInput): Balance {
  const today = utilityDay(input.asOf, input.timeZone);
  const byToday = (instant: Date) => utilityDay(instant, input.timeZone) <= today;
  const bills = input.bills.filter((b) => calendarDay(b.issuedAt) <= today);
  bills.sort((a, b) => a.dueDate.getTime() - b.dueDate.getTime());
  for (const list of [bills, input.payments, input.adjustments]) for (const x of list) assertCents(x.amountCents);
  const paid = input.payments
    .filter((p) => p.status === 'processed' && byToday(p.paidAt))
    .reduce((s, p) => s + p.amountCents, 0);
  const adjustments = input.adjustments.filter((a) => byToday(a.createdAt));
  const charges = adjustments.filter((a) => a.amountCents > 0).reduce((s, a) => s + a.amountCents, 0);
  const credits = adjustments.filter((a) => a.amountCents < 0).reduce((s, a) => s - a.amountCents, 0);
  const billed = bills.reduce((s, b) => s + b.amountCents, 0);
  const balanceCents = billed - paid + charges - credits;

  let pool = paid + credits;
  let overdueCents = 0;
  let overdueSince: Date | null = null;
  for (const bill of bills) {
    const covered = Math.min(pool, bill.amountCents);
    pool -= Math.max(covered, 0);
    const left = bill.amountCents - covered;
    if (left > 0 && calendarDay(bill.dueDate) < today) {
      overdueCents += left;
      overdueSince ??= bill.dueDate;
    }
  }
  return {
    balanceCents,
    outstandingCents: Math.max(balanceCents, 0),
    creditCents: Math.max(-balanceCents, 0),
    overdueCents,
    overdueSince,
    daysOverdue: overdueSince ? today - calendarDay(overdueSince) : null,
  };
}

/**
 * The docs/rules.md#nightly-metrics status move for the nightly job, or null for none: an active account overdue
 * more than 60 days goes to collection; an account in collection returns to active once
 * nothing is outstanding. Other statuses (pending, disconnected, inactive) are left to
 * people and service orders.
 */
export function collectionStatusChange(status: string, balance: Balance): 'collection' | 'active' | null {
  if (status === 'active' && (balance.daysOverdue ?? 0) > COLLECTION_AFTER_DAYS) return 'collection';
  if (status === 'collection' && balance.outstandingCents === 0) return 'active';
  return null;
}
