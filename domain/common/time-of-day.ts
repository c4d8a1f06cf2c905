/**
 * Times of day ('HH:MM') on the utility's local calendar: the building block of business hours
 * and quiet hours. Every conversion goes through the utility's zone, so a DST change day has the
 * hours it really has (23 or 25), never a UTC day's 24.
 */
import { TZDate } from '@date-fns/tz';
import { utilityIsoDay } from './calendar.js';

/** 'HH:MM' on a 24-hour clock, 00:00 to 23:59. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since midnight of an 'HH:MM' time; throws on anything else (settings are checked before they get here). */
export function minutesOfDay(time: string): number {
  if (!TIME_OF_DAY.test(time)) throw new Error(`not a time of day: ${time}`);
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/**
 * The instant a local day ('YYYY-MM-DD') reaches `minutes` past midnight on the wall clock. A time
 * that day skips (02:30 when clocks spring forward) comes out as the same distance past the jump.
 */
export function localInstant(day: string, minutes: number, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(new TZDate(year, month - 1, date, Math.floor(minutes / 60), minutes % 60, timeZone).getTime());
}

/** The local day after `day`, as 'YYYY-MM-DD' (calendar arithmetic, no zone involved). */
export function nextDay(day: string): string {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Day of the week of a local day: 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The local day and wall-clock minutes of an instant in the utility's zone. */
export function localClock(instant: Date, timeZone: string): { day: string; minutes: number } {
  const local = new TZDate(instant.getTime(), timeZone);
  return { day: utilityIsoDay(instant, timeZone), minutes: local.getHours() * 60 + local.getMinutes() };
}
