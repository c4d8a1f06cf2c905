/** Unit tests: when an open complaint costs health points and raises the alert. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { complaintsInLast12Months, daysOpen, isOpenAt, isStale, type ComplaintFacts } from './complaint-rules.js';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const ASOF = d('2025-07-01T10:00:00Z');

interface Case { name: string; complaint: ComplaintFacts; open: boolean; days: number; stale: boolean }
const cases: Case[] = [
  { name: 'opened today', complaint: { openedAt: d('2025-07-01T08:00:00Z'), resolvedAt: null }, open: true, days: 0, stale: false },
  { name: 'open exactly 30 days: not stale', complaint: { openedAt: d('2025-06-01T23:00:00Z'), resolvedAt: null }, open: true, days: 30, stale: false },
  { name: 'open 31 days: stale', complaint: { openedAt: d('2025-05-31T01:00:00Z'), resolvedAt: null }, open: true, days: 31, stale: true },
  { name: 'resolved after 90 days: never stale', complaint: { openedAt: d('2025-03-01'), resolvedAt: d('2025-05-30') }, open: false, days: 122, stale: false },
  { name: 'resolved after asOf: still open on asOf', complaint: { openedAt: d('2025-05-01'), resolvedAt: d('2025-07-02') }, open: true, days: 61, stale: true },
];
for (const c of cases) {
  test(c.name, () => {
    assert.is(isOpenAt(c.complaint, ASOF), c.open, 'open');
    assert.is(daysOpen(c.complaint, ASOF, 'UTC'), c.days, 'days');
    assert.is(isStale(c.complaint, ASOF, 'UTC'), c.stale, 'stale');
  });
}

// Ages in the utility's local days (America/Chicago), around both DST change days.
const localCases: Array<[string, string, string, number, boolean]> = [
  ['opened 19:00 local 6 Feb, asOf 10:00 local 9 Mar (UTC says 30 days)', '2026-02-07T01:00:00Z', '2026-03-09T15:00:00Z', 31, true],
  ['opened 00:30 local 7 Feb, asOf 23:30 local 8 Mar, spring forward (UTC says 31)', '2026-02-07T06:30:00Z', '2026-03-09T04:30:00Z', 29, false],
  ['opened 00:30 local 2 Oct, asOf 23:30 local 1 Nov, fall back (UTC says 31)', '2026-10-02T05:30:00Z', '2026-11-02T05:30:00Z', 30, false],
  ['opened 23:30 local 1 Oct, asOf 00:30 local 2 Nov', '2026-10-02T04:30:00Z', '2026-11-02T06:30:00Z', 32, true],
];
for (const [name, opened, asOf, days, stale] of localCases) {
  test(`local days: ${name}`, () => {
    const complaint = { openedAt: d(opened), resolvedAt: null };
    assert.is(daysOpen(complaint, d(asOf), 'America/Chicago'), days, 'days');
    assert.is(isStale(complaint, d(asOf), 'America/Chicago'), stale, 'stale');
  });
}

test('complaintsInLast12Months keeps complaints opened in the trailing 12 months only', () => {
  const list = ['2024-07-01', '2024-07-02', '2025-07-01', '2025-07-02'].map((day) => ({ openedAt: d(day), resolvedAt: null, day }));
  assert.equal(complaintsInLast12Months(list, ASOF, 'UTC').map((c) => c.day), ['2024-07-02', '2025-07-01']);
});

test.run();
