/**
 * Consumption per calendar month, each reading's consumption spread evenly over the days since the previous
 * reading: for the health score's consistency (docs/rules.md#health-score) and for the consumption chart of the
 * Connections tab and the portal (docs/rules.md#consumer-profile), so both see the same months.
 */
import { addMonthsToDay, calendarDay, utilityDay } from '../common/calendar.js';

/** Consumption over the days after `from` up to and including `to` (both calendar dates, `date` columns). */
export interface ConsumptionSpan { from: Date; to: Date; amount: number }

/** A reading with its consumption and the date of the reading it was measured from. */
export interface ConsumptionReading { previousReadAt: Date; readAt: Date; consumption: number }

const MS_PER_DAY = 86_400_000;

export const readingSpans = (readings: ConsumptionReading[]): ConsumptionSpan[] =>
  readings.map((r) => ({ from: r.previousReadAt, to: r.readAt, amount: r.consumption }));

/** A bill's usage over its period (start day included), for an account billed without readings of its own. */
export const billSpans = (bills: Array<{ periodStart: Date; periodEnd: Date; usage: number }>): ConsumptionSpan[] =>
  bills.map((b) => ({ from: new Date(b.periodStart.getTime() - MS_PER_DAY), to: b.periodEnd, amount: b.usage }));

/**
 * Each covered day of the window [first, last] with its share of consumption, in the order the
 * days were first covered (the order the shares are added up in, so the sums come out the same
 * to the last bit whatever the order of the spans). Arrays over the window's days, not a Map
 * and a month string per day: this runs for every account of the nightly run.
 */
function dailyShares(spans: ConsumptionSpan[], first: number, last: number): { order: number[]; shares: Float64Array } {
  const shares = new Float64Array(Math.max(0, last - first + 1));
  const covered = new Uint8Array(shares.length);
  const order: number[] = [];
  for (const span of spans) {
    const from = calendarDay(span.from);
    const to = calendarDay(span.to);
    if (to <= from || !Number.isFinite(span.amount) || span.amount < 0) continue;
    const share = span.amount / (to - from);
    for (let day = Math.max(from + 1, first); day <= Math.min(to, last); day++) {
      const i = day - first;
      if (!covered[i]) {
        covered[i] = 1;
        order.push(i);
      }
      shares[i] += share;
    }
  }
  return { order, shares };
}

/** The calendar month (year × 12 + month index) of each day of the window, walking it once from its first day. */
function walkWindowMonths(first: number, length: number): Int32Array {
  const start = new Date(first * MS_PER_DAY);
  let year = start.getUTCFullYear();
  let month = start.getUTCMonth();
  let date = start.getUTCDate();
  let monthDays = daysInMonth(year, month);
  const months = new Int32Array(length);
  for (let i = 0; i < length; i++) {
    months[i] = year * 12 + month;
    if (++date > monthDays) {
      date = 1;
      if (++month === 12) {
        month = 0;
        year++;
      }
      monthDays = daysInMonth(year, month);
    }
  }
  return months;
}

/**
 * The window's months, and the days of each: every account of a nightly run has the same
 * window, so the last one is remembered rather than walked again per account. Read only.
 */
let lastWindow: { first: number; length: number; months: Int32Array; daysIn: (month: number) => number } | null = null;
function windowMonths(first: number, length: number): { months: Int32Array; daysIn: (month: number) => number } {
  if (lastWindow?.first !== first || lastWindow.length !== length) {
    const months = walkWindowMonths(first, length);
    const firstMonth = length ? months[0] : 0;
    const days = Array.from({ length: length ? months[length - 1] - firstMonth + 1 : 0 }, (_, m) => daysInMonth(Math.floor((firstMonth + m) / 12), (firstMonth + m) % 12));
    lastWindow = { first, length, months, daysIn: (m) => days[m - firstMonth] ?? daysInMonth(Math.floor(m / 12), m % 12) };
  }
  return lastWindow;
}

/**
 * Totals of the calendar months inside the trailing 12 months of asOf's local day whose
 * every day is covered by a span, oldest first. A partly covered month would look like
 * low use, so it is left out rather than guessed.
 */
export function consumptionMonths(spans: ConsumptionSpan[], asOf: Date, timeZone: string): number[] {
  const last = utilityDay(asOf, timeZone);
  const first = addMonthsToDay(last, -12) + 1;
  const { order, shares } = dailyShares(spans, first, last);
  if (!order.length) return [];
  const { months, daysIn } = windowMonths(first, shares.length);
  const firstMonth = months[0];
  const days = new Int32Array(months[months.length - 1] - firstMonth + 1);
  const totals = new Float64Array(days.length);
  for (const i of order) {
    days[months[i] - firstMonth]++;
    totals[months[i] - firstMonth] += shares[i];
  }
  const full: number[] = [];
  for (let m = 0; m < days.length; m++) if (days[m] === daysIn(firstMonth + m)) full.push(totals[m]);
  return full;
}

/** A span of the chart's series, with what its months are marked by. */
export interface MarkedSpan extends ConsumptionSpan {
  /** A reading still waiting for an agent, with an anomaly flag. */
  flagged: boolean;
  /** An estimated reading (docs/rules.md#estimated-readings). */
  estimated: boolean;
}

/** One calendar month (`YYYY-MM`) of the chart: its consumption, and whether a flagged or estimated reading covers any of its days. */
export interface MonthOfConsumption { month: string; consumption: number; flagged: boolean; estimated: boolean }

const monthKey = (month: number) => `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;

/**
 * The consumption chart's months over the trailing `months` months of asOf's local day, oldest first: each
 * span spread evenly over its days, as consistency counts them, so a meter read every quarter shows three
 * months of a third each rather than one bar of three. Only months whose every day is covered are given (a
 * partly covered month would look like low use); the consumption is rounded to a whole unit.
 */
export function monthlySeries(spans: MarkedSpan[], asOf: Date, timeZone: string, months: number): MonthOfConsumption[] {
  const last = utilityDay(asOf, timeZone);
  const first = addMonthsToDay(last, -months) + 1;
  const { order, shares } = dailyShares(spans, first, last);
  if (!order.length) return [];
  const { months: monthOf, daysIn } = windowMonths(first, shares.length);
  const firstMonth = monthOf[0];
  const series = Array.from({ length: monthOf[monthOf.length - 1] - firstMonth + 1 }, (_, m) => ({
    month: firstMonth + m, days: 0, total: 0, flagged: false, estimated: false,
  }));
  for (const i of order) {
    series[monthOf[i] - firstMonth].days++;
    series[monthOf[i] - firstMonth].total += shares[i];
  }
  for (const span of spans.filter((s) => s.flagged || s.estimated)) {
    for (let day = Math.max(calendarDay(span.from) + 1, first); day <= Math.min(calendarDay(span.to), last); day++) {
      const month = series[monthOf[day - first] - firstMonth];
      month.flagged ||= span.flagged;
      month.estimated ||= span.estimated;
    }
  }
  return series.filter((m) => m.days === daysIn(m.month))
    .map((m) => ({ month: monthKey(m.month), consumption: Math.round(m.total), flagged: m.flagged, estimated: m.estimated }));
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}
