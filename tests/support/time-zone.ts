// The utility's time zone in tests: the configuration's default, so the app under test and the test agree.
export const TEST_TIME_ZONE = 'America/Chicago';

/**
 * The instant the test relays read quiet hours against unless a test sets its own: Monday
 * 30 November 2026, noon in Chicago, so an SMS test never depends on the hour the suite runs.
 */
export const TEST_DAYTIME = () => new Date('2026-11-30T18:00:00Z');
