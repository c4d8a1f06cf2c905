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

/**
 * The calendar month of a day number as one integer, year × 12 + month index (0–11), in the
 * proleptic Gregorian calendar: the civil-from-days arithmetic of H. Hinnant's date algorithms.
 * It runs for every covered day of every profile, where building a Date and its ISO text cost
 * more than the rest of the rule; ordered as the months are.
 */
export function monthOfDay(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shifted = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March … 11 = February
  const month = shifted < 10 ? shifted + 2 : shifted - 10;
  const year = yearOfEra + era * 400 + (month <= 1 ? 1 : 0);
  return year * 12 + month;
}

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
  // Summed in the days' own order, so each total is the same float whichever way months are keyed.
  const months = new Map<number, { days: number; total: number }>();
  for (const [day, share] of daily) {
    const key = monthOfDay(day);
    const month = months.get(key);
    if (month) {
      month.days += 1;
      month.total += share;
    } else months.set(key, { days: 1, total: share });
  }
  return [...months.entries()]
    .filter(([month, m]) => m.days === daysInMonth(month))
    .sort(([a], [b]) => a - b)
    .map(([, m]) => m.total);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The days of a month keyed as `monthOfDay` keys it. */
export function daysInMonth(month: number): number {
  const year = Math.floor(month / 12);
  const index = month - year * 12;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return index === 1 && leap ? 29 : DAYS_IN_MONTH[index];
}
