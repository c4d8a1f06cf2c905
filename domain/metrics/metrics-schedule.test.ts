/** Unit tests of the nightly schedule's rules: a time or five cron fields, at most once a day, at least once a week, in the utility's zone. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cronOf, nextRuns, scheduleProblem } from './metrics-schedule.js';

const zone = 'America/Chicago';
const from = new Date('2026-11-30T12:00:00Z'); // Monday 06:00 in Chicago

test('a typed time means every night at that time; a pattern is kept, its spaces collapsed', () => {
  const cases: Array<[string, string]> = [
    ['02:00', '0 2 * * *'], ['3:30', '30 3 * * *'], [' 23:05 ', '5 23 * * *'],
    ['0  2 * *  *', '0 2 * * *'], ['24:00', '24:00'], ['nightly', 'nightly'],
  ];
  for (const [typed, cron] of cases) assert.is(cronOf(typed), cron, typed);
});

test('a schedule is refused unless it runs at most once a day and at least once a week', () => {
  const cases: Array<[string, RegExp | null]> = [
    ['0 2 * * *', null],
    ['30 3 * * 1-5', null],
    ['0 2 * * 0', null], // weekly: the longest allowed gap, across the DST change too
    ['0 */12 * * *', /at most once a day/],
    ['* 2 * * *', /at most once a day/],
    ['0 2 1 * *', /at least once a week/],
    ['0 2 * * * *', /five cron fields/],
    ['0 2 * *', /five cron fields/],
    ['24:00', /five cron fields/],
    ['0 25 * * *', /not a valid schedule/],
    ['x 2 * * *', /not a valid schedule/],
    ['', /five cron fields/],
  ];
  for (const [cron, expected] of cases) {
    const problem = scheduleProblem(cron, zone, from);
    if (expected === null) assert.is(problem, null, cron);
    else assert.match(problem ?? '', expected, cron);
  }
});

test('the next runs are the utility\'s wall-clock times, across the end of daylight saving', () => {
  const runs = nextRuns('0 2 * * *', zone, new Date('2026-10-30T12:00:00Z'), 3).map((run) => run.toISOString());
  // Oct 31 02:00 CDT (UTC-5), Nov 1 02:00 CST (UTC-6: the clocks went back at 02:00 that night), Nov 2 02:00 CST.
  assert.equal(runs, ['2026-10-31T07:00:00.000Z', '2026-11-01T08:00:00.000Z', '2026-11-02T08:00:00.000Z']);
  assert.is(nextRuns('0 2 * * *', zone, from).length, 5);
});

test.run();
