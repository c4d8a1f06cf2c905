/**
 * Business time (docs/rules.md#business-hours-and-holidays): only the minutes inside the utility's
 * working hours on working days that are not holidays count. Pure: the caller passes the hours,
 * the holidays and the utility's zone.
 *
 * A business minute is a real elapsed minute inside a working window, so a window that a DST
 * change shortens or lengthens (only possible when the hours cover 02:00) counts what it really
 * lasts; with the default 08:00–17:00 every working day is 9 hours, DST or not.
 */
import { utilityIsoDay } from './calendar.js';
import { localInstant, minutesOfDay, nextDay, weekdayOf } from './time-of-day.js';

export interface BusinessHours {
  /** 'HH:MM' local start and end of the working day; the end is after the start. */
  start: string;
  end: string;
  /** Working days of the week, 0 = Sunday … 6 = Saturday. */
  days: number[];
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { start: '08:00', end: '17:00', days: [1, 2, 3, 4, 5] };

export interface BusinessCalendar {
  hours: BusinessHours;
  /** Holidays as local days 'YYYY-MM-DD'. */
  holidays: ReadonlySet<string>;
  timeZone: string;
}

const MINUTE = 60_000;
/** No real calendar goes this long without a working day; a longer search means the hours or holidays leave none. */
const MAX_DAYS_SEARCHED = 3 * 366;

/** The working window of a local day as instants, or null when the day is not worked. */
function windowOf(day: string, calendar: BusinessCalendar): { from: number; to: number } | null {
  const { hours, holidays, timeZone } = calendar;
  if (!hours.days.includes(weekdayOf(day)) || holidays.has(day)) return null;
  return {
    from: localInstant(day, minutesOfDay(hours.start), timeZone).getTime(),
    to: localInstant(day, minutesOfDay(hours.end), timeZone).getTime(),
  };
}

/** The working windows from the local day of `from` on, in order, each clipped to start no earlier than `from`. */
function* windowsFrom(from: Date, calendar: BusinessCalendar) {
  let day = utilityIsoDay(from, calendar.timeZone);
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++, day = nextDay(day)) {
    const window = windowOf(day, calendar);
    if (window && window.to > from.getTime()) yield { from: Math.max(window.from, from.getTime()), to: window.to };
  }
  throw new Error(`no working time within ${MAX_DAYS_SEARCHED} days: check the business hours and holidays`);
}

/**
 * The instant `minutes` of business time after `start`. Work that ends exactly at the close of a
 * day is due then (Friday 17:00), not at the next opening; zero minutes is due at `start`.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar): Date {
  let left = minutes * MINUTE;
  if (left <= 0) return start;
  for (const window of windowsFrom(start, calendar)) {
    const length = window.to - window.from;
    if (left <= length) return new Date(window.from + left);
    left -= length;
  }
  throw new Error('unreachable');
}

/** Business minutes from `from` to `to`; negative when `to` is earlier (time past a deadline). */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  if (to.getTime() < from.getTime()) return -businessMinutesBetween(to, from, calendar);
  let total = 0;
  for (const window of windowsFrom(from, calendar)) {
    if (window.from >= to.getTime()) break;
    total += Math.min(window.to, to.getTime()) - window.from;
  }
  return total / MINUTE;
}
