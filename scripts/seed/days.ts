/**
 * Dates as whole UTC day numbers (days since 1970-01-01) and times as seconds since
 * the epoch: integer arithmetic is fast and exact, and the text forms Postgres reads
 * are built once per day and cached, since millions of rows share a few thousand days.
 */

export const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = 86_400_000;

export function dayFromIso(iso: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const ms = Date.parse(`${iso}T00:00:00Z`);
  // The round trip rejects dates such as 2026-02-31 that some parsers roll over.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) throw new RangeError(`not a valid date: ${iso}`);
  return ms / MS_PER_DAY;
}

export function dayOf(year: number, monthIndex: number, day: number): number {
  return Date.UTC(year, monthIndex, day) / MS_PER_DAY;
}

export function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/** Year and month (0-11) of a day number. */
export function yearMonth(day: number): { year: number; month: number; date: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate() };
}

/** Same calendar day `months` later (earlier when negative), clamped to the month's end like domain/common/calendar addMonths. */
export function addMonthsToDay(day: number, months: number): number {
  const { year, month, date } = yearMonth(day);
  const target = new Date(Date.UTC(year, month + months, 1));
  const y = target.getUTCFullYear();
  const m = target.getUTCMonth();
  return dayOf(y, m, Math.min(date, daysInMonth(y, m)));
}

/** The given day-of-month (≤ 28) in the month `months` away from `day`'s month. */
export function dayInMonth(day: number, months: number, dayOfMonth: number): number {
  const { year, month } = yearMonth(day);
  return dayOf(year, month + months, dayOfMonth);
}

const isoCache = new Map<number, string>();

/** 'YYYY-MM-DD' of a day number. */
export function isoDate(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    text = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, text);
  }
  return text;
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** A timestamptz literal in UTC ('YYYY-MM-DD HH:MM:SS+00') for seconds since the epoch. */
export function isoTimestamp(seconds: number): string {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  let rest = seconds - day * SECONDS_PER_DAY;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  return `${isoDate(day)} ${two(h)}:${two(m)}:${two(rest - m * 60)}+00`;
}

/** Seconds since the epoch of `day` at hh:mm UTC. */
export function at(day: number, hours: number, minutes = 0): number {
  return day * SECONDS_PER_DAY + hours * 3600 + minutes * 60;
}

/** The day number a timestamp (seconds) falls on. */
export function dayOfSeconds(seconds: number): number {
  return Math.floor(seconds / SECONDS_PER_DAY);
}
