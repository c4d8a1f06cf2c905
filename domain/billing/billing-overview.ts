/**
 * The Financial tab's billing overview (docs/rules.md#consumer-profile): average monthly usage over the last
 * 12 billed months, a next-bill estimate as a range, and what is outstanding.
 */
import { calendarDay, utilityDay } from '../common/calendar.js';
import { computeBalance, type Balance, type BalanceInput } from './balance.js';

export interface BilledPeriod {
  periodStart: Date;
  periodEnd: Date;
  issuedAt: Date;
  dueDate: Date;
  amountCents: number;
  /** Consumption billed for the whole period, in the utility's unit. */
  usage: number;
}

export interface NextBillEstimate { lowCents: number; highCents: number; basedOnBills: number }

export interface BillingOverview {
  /** Usage per month over the last 12 billed months, one decimal; null when never billed. */
  averageMonthlyUsage: number | null;
  /** Months actually covered by the bills averaged (fewer than 12 for new accounts). */
  billedMonths: number;
  nextBillEstimate: NextBillEstimate | null;
  lastBillingDate: Date | null;
  balanceCents: number;
  outstandingCents: number;
  creditCents: number;
  overdueCents: number;
}

const AVERAGE_MONTH_DAYS = 365.25 / 12;
/** How many recent bills frame the next-bill range. */
export const ESTIMATE_BILLS = 3;

/**
 * Whole months a billing period covers: its length in days / 30.44, rounded, at least 1.
 * Rounding makes an inclusive (1 Jan–31 Mar) or exclusive (1 Jan–1 Apr) period end both
 * count as 3, and a 28-day February as 1.
 */
export function monthsInPeriod(bill: Pick<BilledPeriod, 'periodStart' | 'periodEnd'>): number {
  const days = calendarDay(bill.periodEnd) - calendarDay(bill.periodStart) + 1;
  return Math.max(1, Math.round(days / AVERAGE_MONTH_DAYS));
}

/** Bills issued by asOf's local day, most recent period first. */
function issuedNewestFirst<T extends BilledPeriod>(bills: T[], asOf: Date, timeZone: string): T[] {
  const today = utilityDay(asOf, timeZone);
  return bills
    .filter((b) => calendarDay(b.issuedAt) <= today)
    .sort((a, b) => b.periodEnd.getTime() - a.periodEnd.getTime());
}

/**
 * Σ usage / Σ months over the most recent bills until 12 months are covered; a bill that
 * crosses the 12-month mark is taken whole rather than prorated (bills align with 12
 * months for monthly and quarterly cycles anyway).
 */
export function averageMonthlyUsage(bills: BilledPeriod[], asOf: Date, timeZone: string): { average: number | null; months: number } {
  return averageOfNewest(issuedNewestFirst(bills, asOf, timeZone));
}

function averageOfNewest(newestFirst: BilledPeriod[]): { average: number | null; months: number } {
  let months = 0;
  let usage = 0;
  for (const bill of newestFirst) {
    if (months >= 12) break;
    months += monthsInPeriod(bill);
    usage += bill.usage;
  }
  return { average: months === 0 ? null : Math.round((usage / months) * 10) / 10, months };
}

/**
 * The next bill will most likely fall between the smallest and largest of the last 3
 * bills: easy to explain to a customer ("between your lowest and highest recent bill"),
 * exact in cents, and it follows seasonal swings better than a long average. One bill
 * gives a single-value range; none gives null.
 */
export function nextBillEstimate(bills: BilledPeriod[], asOf: Date, timeZone: string): NextBillEstimate | null {
  return estimateOfNewest(issuedNewestFirst(bills, asOf, timeZone));
}

function estimateOfNewest(newestFirst: BilledPeriod[]): NextBillEstimate | null {
  const recent = newestFirst.slice(0, ESTIMATE_BILLS).map((b) => b.amountCents);
  if (recent.length === 0) return null;
  return { lowCents: Math.min(...recent), highCents: Math.max(...recent), basedOnBills: recent.length };
}

/**
 * `balance` is computeBalance(input), passed in when the caller has it already (the account's
 * insights do), so it is not worked out twice.
 */
export function billingOverview(
  input: Omit<BalanceInput, 'bills'> & { bills: BilledPeriod[] }, balance: Balance = computeBalance(input),
): BillingOverview {
  // Sorted once for the average, the estimate and the last billing date.
  const issued = issuedNewestFirst(input.bills, input.asOf, input.timeZone);
  const usage = averageOfNewest(issued);
  const latest = issued.reduce<Date | null>((max, b) => (max === null || b.issuedAt > max ? b.issuedAt : max), null);
  return {
    averageMonthlyUsage: usage.average,
    billedMonths: usage.months,
    nextBillEstimate: estimateOfNewest(issued),
    lastBillingDate: latest,
    balanceCents: balance.balanceCents,
    outstandingCents: balance.outstandingCents,
    creditCents: balance.creditCents,
    overdueCents: balance.overdueCents,
  };
}
