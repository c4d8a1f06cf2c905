/**
 * Calendar arithmetic shared by the rules, and the one place instants become the
 * utility's local calendar days (docs/rules.md#dates-times-and-money).
 */
import { TZDate } from '@date-fns/tz';
import { formatIn } from './zone-formats.js';
import { remembered } from './remembered.js';

const MS_PER_DAY = 86_400_000;

/**
 * Whole days since 1970-01-01 (UTC) of the day `date` falls on. Right for `date` columns
 * (stored as UTC midnight of their day, see calendarDay); an instant needs utilityDay.
 */
export function utcDay(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier); times of day are ignored. */
export function daysBetween(from: Date, to: Date): number {
  return utcDay(to) - utcDay(from);
}

/**
 * `date` moved by `months` calendar months (UTC), keeping the time of day. The day is
 * clamped to the target month's length so that 31 March − 1 month is 28/29 February
 * rather than overflowing into March.
 */
export function addMonths(date: Date, months: number): Date {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = daysInMonth(target.getUTCFullYear(), target.getUTCMonth());
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  target.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return target;
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Whether `date` falls in the `months` months ending on `asOf`'s day: after the day
 * exactly `months` months earlier, up to and including `asOf`'s day. The start is
 * exclusive so that a 12-month window holds 365 (or 366) days, never one more.
 */
export function inTrailingMonths(date: Date, asOf: Date, months: number): boolean {
  const day = utcDay(date);
  return day > utcDay(addMonths(asOf, -months)) && day <= utcDay(asOf);
}

/**
 * Complete calendar months from `from` to `to` (0 when `to` is not later). A month counts
 * once its anniversary day is reached; when `to` is the last day of a shorter month it
 * counts too (31 Jan → 28 Feb is one month), so month-end customers are not short-changed.
 */
export function completeMonthsBetween(from: Date, to: Date): number {
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  const toIsMonthEnd = to.getUTCDate() === daysInMonth(to.getUTCFullYear(), to.getUTCMonth());
  if (to.getUTCDate() < from.getUTCDate() && !toIsMonthEnd) months -= 1;
  return Math.max(0, months);
}

/**
 * Years from `from` to `to` in complete months / 12, so a customer since 2020-03-15
 * has exactly 5 years on 2025-03-15 (365.25-day years would say 4.999).
 */
export function yearsBetween(from: Date, to: Date): number {
  return completeMonthsBetween(from, to) / 12;
}

/** The ISO calendar date (YYYY-MM-DD, UTC) used in agent-facing messages. */
export function isoDay(date: Date): string {
  const ms = date.getTime();
  // `date` columns arrive as UTC midnights, and the seed and the allocation replay ask for the same few thousand days millions of times.
  if (ms % MS_PER_DAY !== 0) return date.toISOString().slice(0, 10);
  const key = ms / MS_PER_DAY; // a small integer: a cheaper key than the milliseconds
  let day = midnightDays.get(key);
  if (day === undefined) {
    day = date.toISOString().slice(0, 10);
    if (midnightDays.size >= MAX_REMEMBERED_BLOCKS) midnightDays.clear();
    midnightDays.set(key, day);
  }
  return day;
}
const midnightDays = new Map<number, string>();

/**
 * The utility's local calendar day of an instant, as whole days since 1970-01-01: the
 * one conversion every rule uses to compare dates (docs/rules.md#dates-times-and-money).
 * 23:30 in Chicago on 1 March is day "1 March" although it is 2 March in UTC.
 */
export function utilityDay(instant: Date, timeZone: string): number {
  return localDay(instant, timeZone).day;
}

/** The utility's local calendar date of an instant as `YYYY-MM-DD`. */
export function utilityIsoDay(instant: Date, timeZone: string): string {
  return localDay(instant, timeZone).iso;
}

/** A local calendar date as text and as its day number (whole days since 1970-01-01). */
interface LocalDay { iso: string; day: number }

function localDay(instant: Date, timeZone: string): LocalDay {
  const ms = instant.getTime();
  const block = Math.floor(ms / QUARTER_HOUR_MS);
  const known = quarterHourDays(timeZone);
  const cached = known.get(block);
  if (cached !== undefined) return cached;
  const format = localDateFormat(timeZone);
  // en-CA formats as YYYY-MM-DD; Intl does the zone and DST arithmetic.
  const iso = format.format(instant);
  const found = { iso, day: Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY };
  // Every zone's offset is a whole number of quarter hours today, so local midnight falls on a quarter-hour
  // boundary and the whole block has one date; the block is remembered only when both its ends agree
  // (not so around an old local-mean-time offset).
  if (Number.isFinite(block) && format.format(block * QUARTER_HOUR_MS) === iso && format.format((block + 1) * QUARTER_HOUR_MS - 1) === iso) {
    if (known.size >= MAX_REMEMBERED_BLOCKS) known.clear();
    known.set(block, found);
  }
  return found;
}

/*
 * Intl's formatting costs microseconds and the nightly metrics and the seed ask it millions of times
 * for instants that share a day, so the date of each quarter hour is remembered (per zone, bounded).
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_REMEMBERED_BLOCKS = 200_000; // ~6 years of quarter hours, a few MB
const blockDays = new Map<string, Map<number, LocalDay>>();
const newDayMap = () => new Map<number, LocalDay>();
function quarterHourDays(timeZone: string): Map<number, LocalDay> {
  return remembered(blockDays, timeZone, newDayMap);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function localDateFormat(timeZone: string): Intl.DateTimeFormat {
  return formatIn(formats, timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA');
}

/** The calendar day of a `date` column value (stored as UTC midnight of that day), as whole days since 1970-01-01. */
export const calendarDay = utcDay;

/** The utility's local calendar date of an instant as a `date`-column-like Date (UTC midnight of that day). */
export function utilityDate(instant: Date, timeZone: string): Date {
  return new Date(utilityDay(instant, timeZone) * MS_PER_DAY);
}

/** Calendar days from `from` to `to` as the utility counts them (its local days; negative when `to` is earlier). */
export function utilityDaysBetween(from: Date, to: Date, timeZone: string): number {
  return utilityDay(to, timeZone) - utilityDay(from, timeZone);
}

/** A day number moved by `months` calendar months, clamped to the month's end like addMonths. */
export function addMonthsToDay(day: number, months: number): number {
  const move = () => utcDay(addMonths(new Date(day * MS_PER_DAY), months));
  if (!Number.isInteger(day) || !Number.isInteger(months) || Math.abs(months) >= MONTH_KEYS / 2) return move();
  // Every account's windows ask for the same few days (asOf's, 12 months before): remembered, bounded.
  const key = day * MONTH_KEYS + months;
  let moved = movedDays.get(key);
  if (moved === undefined) {
    moved = move();
    if (movedDays.size >= MAX_REMEMBERED_BLOCKS) movedDays.clear();
    movedDays.set(key, moved);
  }
  return moved;
}
const MONTH_KEYS = 4096; // months of ±170 years, the key's room for them
const movedDays = new Map<number, number>();

/** inTrailingMonths on day numbers: after the day `months` months before `asOfDay`, up to and including it. */
export function dayInTrailingMonths(day: number, asOfDay: number, months: number): boolean {
  return day > addMonthsToDay(asOfDay, -months) && day <= asOfDay;
}

/**
 * Whether an instant (a payment, a complaint, a completed order) falls in the `months`
 * months ending on `asOf`'s day, both read as the utility's local calendar days.
 */
export function inUtilityTrailingMonths(instant: Date, asOf: Date, months: number, timeZone: string): boolean {
  return dayInTrailingMonths(utilityDay(instant, timeZone), utilityDay(asOf, timeZone), months);
}

/** Years from a calendar date (customer since) to `asOf`'s local day, as yearsBetween counts them. */
export function utilityYearsSince(since: Date, asOf: Date, timeZone: string): number {
  return yearsBetween(since, utilityDate(asOf, timeZone));
}

/** The first instant of a local calendar day (`YYYY-MM-DD`) in the utility's zone; 01:00 where midnight is skipped. */
export function startOfUtilityDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  for (const hour of [0, 1]) {
    const at = new TZDate(year, month - 1, date, hour, 0, timeZone);
    if (at.getDate() === date && at.getHours() === hour) return new Date(at.getTime());
  }
  return new Date(new TZDate(year, month - 1, date, 0, 0, timeZone).getTime());
}
