/** The seed bench's history ends on the utility's day, not UTC's (scripts/bench/seed.bench.ts, seedAsOf). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seedAsOf } from './seed.bench.js';

const CASES: Array<{ now: string; timeZone: string; day: string; why: string }> = [
  { now: '2026-12-05T02:00:00Z', timeZone: 'America/Chicago', day: '2026-12-04', why: 'evening in Chicago: UTC is a day ahead, the utility is not' },
  { now: '2026-12-05T05:59:59Z', timeZone: 'America/Chicago', day: '2026-12-04', why: 'the last second of the local day' },
  { now: '2026-12-05T06:00:00Z', timeZone: 'America/Chicago', day: '2026-12-05', why: 'local midnight' },
  { now: '2026-12-05T15:00:00Z', timeZone: 'America/Chicago', day: '2026-12-05', why: 'daytime: both the same' },
  { now: '2026-12-05T23:30:00Z', timeZone: 'Pacific/Auckland', day: '2026-12-06', why: 'a zone ahead of UTC' },
  { now: '2026-12-05T02:00:00Z', timeZone: 'UTC', day: '2026-12-05', why: 'a utility on UTC' },
];

for (const { now, timeZone, day, why } of CASES) {
  test(`seedAsOf at ${now} in ${timeZone} is ${day} (${why})`, () => {
    assert.is(seedAsOf(new Date(now), timeZone), day);
  });
}

test.run();
