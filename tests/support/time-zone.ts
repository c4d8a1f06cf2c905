import { isoDay, utilityDay } from '../../domain/common/calendar.js';

// The utility's time zone in tests: the configuration's default, so the app under test and the test agree.
export const TEST_TIME_ZONE = 'America/Chicago';

/**
 * The instant the test relays read quiet hours against unless a test sets its own: Monday
 * 30 November 2026, noon in Chicago, so an SMS test never depends on the hour the suite runs.
 */
export const TEST_DAYTIME = () => new Date('2026-11-30T18:00:00Z');

/**
 * The utility's calendar day `n` days before today (`YYYY-MM-DD`), counted in calendar days, not in
 * 24-hour steps: across a DST change, "61 × 24 h ago" lands on the wrong day near midnight.
 */
export function utilityDaysAgo(n: number, timeZone = TEST_TIME_ZONE): string {
  return isoDay(new Date((utilityDay(new Date(), timeZone) - n) * 86_400_000));
}
