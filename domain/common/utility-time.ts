/**
 * Times as the utility's people read and type them: in the utility's time zone
 * (config UTILITY_TIME_ZONE), whatever the server's or the browser's zone.
 */
import { TZDate } from '@date-fns/tz';

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

/** "Tue, Dec 1, 9:30 AM" in the utility's zone. */
export function formatLocalDateTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone, weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit',
  }).format(instant);
}
