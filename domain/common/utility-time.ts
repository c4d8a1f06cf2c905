/**
 * Times as the utility's people read and type them: in the utility's time zone
 * (config UTILITY_TIME_ZONE), whatever the server's or the browser's zone.
 */
import { TZDate } from '@date-fns/tz';
import { formatIn } from './zone-formats.js';
import { remembered } from './remembered.js';

/** "2026-12-01T09:30" typed into a datetime-local field, read in the utility's zone; null when not a time. */
export function parseLocalDateTime(value: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const date = new TZDate(year, month - 1, day, hour, minute, timeZone);
  // Reject dates that rolled over (31 February) or fell into a DST gap.
  if (date.getMonth() !== month - 1 || date.getDate() !== day || date.getHours() !== hour) return null;
  return new Date(date.getTime());
}

/** The value a datetime-local field shows for an instant, in the utility's zone. */
export function toLocalDateTimeInput(instant: Date, timeZone: string): string {
  const d = new TZDate(instant.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "Tue, Dec 1, 9:30 AM" in the utility's zone. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  return formatIn(dateTimeFormats, timeZone, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(instant);
}

/** "11:30 AM" in the utility's zone. */
export function formatLocalTime(instant: Date, timeZone: string): string {
  return formatIn(timeFormats, timeZone, { hour: 'numeric', minute: '2-digit' }).format(instant);
}

/*
 * A page lists dozens of instants and Intl's formatting costs ~10–15 µs a call on a busy two-core host
 * (3 % of a profile page's CPU), so the zone's offset is remembered per UTC day, bounded, for the days
 * whose offset is the same at their first and last millisecond: a day with a change is asked per instant.
 * (This trusts that no zone changes its offset there and back within one day, as none does.)
 */
const MS_PER_DAY = 86_400_000;
const MAX_REMEMBERED_DAYS = 50_000; // > a century of days per zone, under a few MB
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const dayOffsets = new Map<string, Map<number, number>>();
const newOffsetMap = () => new Map<number, number>();

/** The zone's wall clock minus UTC at `ms`, in milliseconds (whole seconds), as Intl reads the zone's rules. */
function offsetAt(ms: number, timeZone: string): number {
  const format = formatIn(offsetFormats, timeZone, {
    hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
  });
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(ms)) part[type] = value;
  const year = part.era === 'BC' ? 1 - Number(part.year) : Number(part.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(part.month) - 1, Number(part.day));
  wall.setUTCHours(Number(part.hour), Number(part.minute), Number(part.second), 0);
  return wall.getTime() - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The utility zone's offset from UTC at an instant in milliseconds (its wall clock is `instant + offset`). */
export function utilityOffsetMs(instant: Date, timeZone: string): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid time value');
  const day = Math.floor(ms / MS_PER_DAY);
  const known = remembered(dayOffsets, timeZone, newOffsetMap);
  const offset = known.get(day);
  if (offset !== undefined) return offset;
  const first = offsetAt(day * MS_PER_DAY, timeZone);
  if (first !== offsetAt((day + 1) * MS_PER_DAY - 1, timeZone)) return offsetAt(ms, timeZone);
  if (known.size >= MAX_REMEMBERED_DAYS) known.clear();
  known.set(day, first);
  return first;
}
