/**
 * Date fields as clients send them (docs/api.md#dates): a calendar day `YYYY-MM-DD` in the
 * utility's zone, or an ISO date-time with an offset; forms also post wall-clock times.
 */
import { startOfUtilityDay, utilityIsoDay } from './calendar.js';
import { Invalid } from './errors.js';
import { parseLocalDateTime } from './utility-time.js';

export type DateInput =
  /** A calendar day in the utility's time zone. */
  | { kind: 'day'; day: string }
  /** An instant: a date-time with `Z` or an offset. */
  | { kind: 'instant'; at: Date }
  /** A wall-clock time in the utility's zone (a form's datetime-local field): `YYYY-MM-DDTHH:mm`. */
  | { kind: 'wall'; day: string; time: string };

/** Years outside this range are typos (and PostgreSQL has no year 0): refused as invalid, never a 500. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/i;
const MS_PER_MINUTE = 60_000;

/** Whether `YYYY-MM-DD` names a real calendar day in the accepted range (no 31 February). */
export function isCalendarDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ±HH:MM as minutes east of UTC; null when out of range (±18:00 at most). */
function offsetMinutes(offset: string): number | null {
  if (offset.toUpperCase() === 'Z') return 0;
  const hours = Number(offset.slice(1, 3));
  const minutes = Number(offset.slice(4, 6));
  if (hours > 18 || minutes > 59 || (hours === 18 && minutes > 0)) return null;
  return (offset[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Parses a date field; null when it is not one. A date-time without an offset is only
 * accepted with `wallTime` (forms, whose datetime-local fields are read in the utility's zone).
 */
export function parseDateInput(text: string, options: { wallTime?: boolean } = {}): DateInput | null {
  const value = text.trim();
  if (isCalendarDay(value)) return { kind: 'day', day: value };
  const match = DATE_TIME.exec(value);
  if (!match || !isCalendarDay(match[1])) return null;
  const [, day, hh, mm, ss = '0', fraction = '', offset] = match;
  const [hour, minute, second] = [Number(hh), Number(mm), Number(ss)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  if (offset === undefined) {
    return options.wallTime && second === 0 && fraction === '' ? { kind: 'wall', day, time: `${hh}:${mm}` } : null;
  }
  const east = offsetMinutes(offset);
  if (east === null) return null;
  const [year, month, date] = day.split('-').map(Number);
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  return { kind: 'instant', at: new Date(Date.UTC(year, month - 1, date, hour, minute, second, ms) - east * MS_PER_MINUTE) };
}

/** The utility's local calendar day (`YYYY-MM-DD`) a date field names: for a date-time, the day of that instant there. */
export function dayOfInput(input: DateInput, timeZone: string): string {
  return input.kind === 'instant' ? utilityIsoDay(input.at, timeZone) : input.day;
}

/**
 * The instant a date field names: a bare day is the first moment of that local day; a
 * wall-clock time is read in the utility's zone. A wall-clock time the clocks skip (the
 * spring-forward night) is refused as Invalid naming `field`.
 */
export function instantOfInput(input: DateInput, timeZone: string, field: string): Date {
  if (input.kind === 'instant') return input.at;
  if (input.kind === 'day') return startOfUtilityDay(input.day, timeZone);
  const at = parseLocalDateTime(`${input.day}T${input.time}`, timeZone);
  if (!at) throw new Invalid('Please correct the fields marked below.', { [field]: 'that time does not exist here: the clocks skip it' });
  return at;
}
