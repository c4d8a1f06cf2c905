/**
 * Consumption per calendar month for the health score's consistency (docs/rules.md#health-score):
 * each reading's consumption spread evenly over the days since the previous reading.
 */
import { addMonthsToDay, calendarDay, utilityDay } from '../common/calendar.js';

/** Consumption over the days after `from` up to and including `to` (both calendar dates, `date` columns). */
export interface ConsumptionSpan { from: Date; to: Date; amount: number }

/** A reading with its consumption and the date of the reading it was measured from. */
export interface ConsumptionReading { previousReadAt: Date; readAt: Date; consumption: number }

const MS_PER_DAY = 86_400_000;
const monthOf = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 7);

export const readingSpans = (readings: ConsumptionReading[]): ConsumptionSpan[] =>
  readings.map((r) => ({ from: r.previousReadAt, to: r.readAt, amount: r.consumption }));

/** A bill's usage over its period (start day included), for an account billed without readings of its own. */
export const billSpans = (bills: Array<{ periodStart: Date; periodEnd: Date; usage: number }>): ConsumptionSpan[] =>
  bills.map((b) => ({ from: new Date(b.periodStart.getTime() - MS_PER_DAY), to: b.periodEnd, amount: b.usage }));

/** Each covered day of the window [first, last] with its share of consumption. */
function dailyShares(spans: ConsumptionSpan[], first: number, last: number): Map<number, number> {
  const daily = new Map<number, number>();
  for (const span of spans) {
    const from = calendarDay(span.from);
    const to = calendarDay(span.to);
    if (to <= from || !Number.isFinite(span.amount) || span.amount < 0) continue;
    const share = span.amount / (to - from);
    for (let day = Math.max(from + 1, first); day <= Math.min(to, last); day++) daily.set(day, (daily.get(day) ?? 0) + share);
  }
  return daily;
}

/**
 * Totals of the calendar months inside the trailing 12 months of asOf's local day whose
 * every day is covered by a span, oldest first. A partly covered month would look like
 * low use, so it is left out rather than guessed.
 */
export function consumptionMonths(spans: ConsumptionSpan[], asOf: Date, timeZone: string): number[] {
  const last = utilityDay(asOf, timeZone);
  const first = addMonthsToDay(last, -12) + 1;
  const daily = dailyShares(spans, first, last);
  const months = new Map<string, { days: number; total: number }>();
  for (const [day, share] of daily) {
    const month = months.get(monthOf(day)) ?? { days: 0, total: 0 };
    months.set(monthOf(day), { days: month.days + 1, total: month.total + share });
  }
  return [...months.entries()]
    .filter(([month, m]) => m.days === daysInMonth(month))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, m]) => m.total);
}

function daysInMonth(month: string): number {
  const [year, index] = month.split('-').map(Number);
  return new Date(Date.UTC(year, index, 0)).getUTCDate();
}
