/**
 * The days an account's meter is read: monthly on the account's read day from the start
 * of the window (or the day service started) to the day before the as-of date (or the
 * day service ended, with a final read that day).
 */
import type { Timeline } from './context.js';
import { dayInMonth } from './days.js';

/** Shortest gap worth a reading of its own: a move-in two days before the read day waits for the next one. */
const MIN_GAP_DAYS = 10;

export interface ScheduleInput {
  readDay: number;
  customerSince: number;
  serviceEnd: number | null;
}

/** Whether service started inside the window: the first reading is then the installation (register 0). */
export function startsInWindow(input: ScheduleInput, timeline: Timeline): boolean {
  return input.customerSince >= timeline.windowStart;
}

export function readingDays(input: ScheduleInput, timeline: Timeline): number[] {
  const newCustomer = startsInWindow(input, timeline);
  const first = newCustomer ? input.customerSince : timeline.windowStart;
  const last = Math.min(timeline.lastDay, input.serviceEnd ?? timeline.lastDay);
  const days: number[] = newCustomer ? [input.customerSince] : [];
  for (let offset = 0; ; offset++) {
    const day = dayInMonth(first, offset, input.readDay);
    if (day > last) break;
    if (day < first) continue;
    if (days.length > 0 && day - days[days.length - 1] < MIN_GAP_DAYS) continue;
    days.push(day);
  }
  if (input.serviceEnd !== null && input.serviceEnd <= timeline.lastDay && days.length > 0) {
    const previous = days[days.length - 1];
    if (input.serviceEnd - previous >= MIN_GAP_DAYS) days.push(input.serviceEnd);
    else days[days.length - 1] = Math.max(previous, input.serviceEnd);
  }
  return days;
}
