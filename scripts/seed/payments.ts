/**
 * Payments against bills, following the account's habit: punctual payers pay before the
 * due date, occasional and chronic late payers sometimes or often after it; autopay
 * debits a few days before the due date and now and then bounces, then is retried. Some
 * chronic payers split a bill in two. Nothing is dated after the as-of date, and a
 * payment of the last days by ACH, check or bank transfer is still `pending`.
 */
import type { PaymentMethod } from '../../domain/common/enums.js';
import { PAYMENT_METHODS } from '../../domain/common/enums.js';
import type { IssuedBill } from './billing.js';
import type { Timeline } from './context.js';
import { at, isoTimestamp } from './days.js';
import type { PaymentBehaviour } from './profile.js';
import type { Rng } from './prng.js';
import type { IdCursor, PaymentRow } from './rows.js';

export interface PaymentHabits {
  accountId: number;
  accountNumber: string;
  behaviour: PaymentBehaviour;
  autopay: boolean;
  usualMethod: PaymentMethod;
  /** Bills from this index on are never paid (collection, disconnection for non-payment). */
  firstUnpaid: number | null;
  /** Bills paid late whatever the habit (the showcase account's one late bill). */
  forcedLate?: ReadonlySet<number>;
  /** No bounced payments and no split payments (the showcase account). */
  tidy?: boolean;
  /** Payments "on account" without a bill: a customer in collection chipping away. */
  onAccount: number;
}

interface Attempt { day: number; amount: number; failed: boolean; billId: number | null }

const LATE_PROBABILITY: Record<PaymentBehaviour, number> = { punctual: 0.02, occasional: 0.15, chronic: 0.55 };
const MAX_LATE_DAYS: Record<PaymentBehaviour, number> = { punctual: 10, occasional: 18, chronic: 40 };
const SETTLING_METHODS = new Set<PaymentMethod>(['ach', 'check', 'bank_transfer']);

function plannedDay(rng: Rng, habits: PaymentHabits, bill: IssuedBill, late: boolean): number {
  if (late) return bill.due + rng.int(1, MAX_LATE_DAYS[habits.behaviour]);
  if (habits.autopay) return bill.due - rng.int(2, 5);
  return rng.int(bill.issued + 1, bill.due);
}

/** The attempts that settle one bill: usually one, sometimes a bounce and a retry, or two halves. */
function attemptsFor(rng: Rng, habits: PaymentHabits, bill: IssuedBill, index: number): Attempt[] {
  const late = habits.forcedLate?.has(index) || rng.chance(LATE_PROBABILITY[habits.behaviour]);
  const day = plannedDay(rng, habits, bill, late);
  const billId = bill.row.id;
  if (!habits.tidy && rng.chance(habits.autopay ? 0.04 : 0.015)) {
    return [{ day, amount: bill.amount, failed: true, billId }, { day: day + rng.int(1, 6), amount: bill.amount, failed: false, billId }];
  }
  if (!habits.tidy && habits.behaviour === 'chronic' && !habits.autopay && rng.chance(0.25)) {
    const first = Math.round(bill.amount * rng.float(0.4, 0.7));
    return [{ day, amount: first, failed: false, billId }, { day: day + rng.int(5, 30), amount: bill.amount - first, failed: false, billId }];
  }
  return [{ day, amount: bill.amount, failed: false, billId }];
}

function onAccountAttempts(rng: Rng, habits: PaymentHabits, bills: IssuedBill[]): Attempt[] {
  if (habits.firstUnpaid === null || habits.onAccount === 0 || habits.firstUnpaid >= bills.length) return [];
  const since = bills[habits.firstUnpaid].due;
  const owed = bills.slice(habits.firstUnpaid).reduce((s, b) => s + b.amount, 0);
  const attempts: Attempt[] = [];
  for (let i = 0; i < habits.onAccount; i++) {
    attempts.push({ day: since + rng.int(10, 90), amount: Math.round(owed * rng.float(0.05, 0.15)), failed: false, billId: null });
  }
  return attempts.sort((a, b) => a.day - b.day);
}

function methodFor(rng: Rng, habits: PaymentHabits): PaymentMethod {
  if (habits.autopay || habits.tidy || !rng.chance(0.08)) return habits.usualMethod;
  return rng.pick(PAYMENT_METHODS);
}

/** The payment rows and, for each, when it was paid in seconds since the epoch (the balance and allocation work with instants). */
export interface Payments { rows: PaymentRow[]; paidAt: number[] }

function paymentRow(rng: Rng, habits: PaymentHabits, ids: IdCursor, attempt: Attempt, sequence: number, timeline: Timeline, agentId: number | null): { row: PaymentRow; seconds: number } {
  const drawn = methodFor(rng, habits);
  // Cash cannot bounce; a bounced paper payment is a check.
  const method = attempt.failed && drawn === 'cash' ? 'check' : drawn;
  const seconds = habits.autopay ? at(attempt.day, 11, rng.int(0, 59)) : at(attempt.day, rng.int(13, 23), rng.int(0, 59));
  const settling = SETTLING_METHODS.has(method) && attempt.day >= timeline.lastDay - 2;
  const status = attempt.failed ? 'failed' : settling ? 'pending' : 'processed';
  const inPerson = method === 'cash' || method === 'check';
  const paidAt = isoTimestamp(seconds);
  const row: PaymentRow = {
    id: ids.payment++, account_id: habits.accountId, bill_id: attempt.billId,
    reference: `PAY-${habits.accountNumber.slice(3)}-${String(sequence).padStart(4, '0')}`,
    paid_at: paidAt, amount_cents: attempt.amount, method, status,
    created_by_id: inPerson ? agentId : null, created_at: paidAt,
  };
  return { row, seconds };
}

export function paymentsFor(rng: Rng, habits: PaymentHabits, bills: IssuedBill[], ids: IdCursor, timeline: Timeline, agentId: number | null): Payments {
  const attempts: Attempt[] = [];
  const stop = habits.firstUnpaid ?? bills.length;
  for (let i = 0; i < Math.min(stop, bills.length); i++) attempts.push(...attemptsFor(rng, habits, bills[i], i));
  attempts.push(...onAccountAttempts(rng, habits, bills));
  const payments: Payments = { rows: [], paidAt: [] };
  for (const attempt of attempts) {
    if (attempt.day > timeline.lastDay) continue;
    const { row, seconds } = paymentRow(rng, habits, ids, attempt, payments.rows.length + 1, timeline, agentId);
    payments.rows.push(row);
    payments.paidAt.push(seconds);
  }
  return payments;
}
