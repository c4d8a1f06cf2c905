// The utility's time zone in tests: the configuration's default, so the app under test and the test agree.
export const TEST_TIME_ZONE = 'America/Chicago';
