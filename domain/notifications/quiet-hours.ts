/**
 * Quiet hours (docs/rules.md#quiet-hours): the consumer's nightly window, in utility time, during which
 * text messages wait. Pure: which window applies, whether an instant falls in it, and when it ends.
 * A window may cross midnight (21:00–08:00); one whose start equals its end is no window at all.
 */
import type { NotificationEvent, ServiceOrderPriority } from '../common/enums.js';
import { localClock, localInstant, minutesOfDay, nextDay } from '../common/time-of-day.js';

export interface QuietHours { start: string; end: string }

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

/** The consumer's own window when they set one (both columns or neither), else the utility's default. */
export function quietHoursOf(account: { quietHoursStart: string | null; quietHoursEnd: string | null }, fallback: QuietHours): QuietHours {
  return account.quietHoursStart && account.quietHoursEnd ? { start: account.quietHoursStart, end: account.quietHoursEnd } : fallback;
}

/** When the quiet hours that `at` falls in end, or null when `at` is not in quiet hours. */
export function quietHoursEndAfter(at: Date, window: QuietHours, timeZone: string): Date | null {
  const start = minutesOfDay(window.start);
  const end = minutesOfDay(window.end);
  if (start === end) return null;
  const { day, minutes } = localClock(at, timeZone);
  let endsAt: Date | null = null;
  if (start < end) {
    if (minutes >= start && minutes < end) endsAt = localInstant(day, end, timeZone); // e.g. 01:00–06:00
  } else if (minutes >= start) {
    endsAt = localInstant(nextDay(day), end, timeZone); // evening part: ends tomorrow morning
  } else if (minutes < end) {
    endsAt = localInstant(day, end, timeZone); // small hours: ends this morning
  }
  return endsAt && endsAt.getTime() > at.getTime() ? endsAt : null;
}

/** Events about a service order: an emergency order's notices of them ignore quiet hours. */
const ORDER_NOTICES: readonly NotificationEvent[] = ['order_created', 'technician_scheduled', 'appointment_reminder', 'order_completed'];

/**
 * An emergency notice goes out at once, night or not: a notice about an emergency-priority service
 * order (created, technician scheduled, appointment reminder, completed). Its satisfaction survey,
 * and billing and reading notices, are never emergencies.
 */
export function isEmergencyNotice(event: NotificationEvent, orderPriority: ServiceOrderPriority | null): boolean {
  return orderPriority === 'emergency' && ORDER_NOTICES.includes(event);
}
