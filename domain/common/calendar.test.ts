/** Table-driven tests of calendar arithmetic: month steps clamped to the month's end, day counts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addMonths, completeMonthsBetween, daysBetween, inTrailingMonths, isoDay, utilityDay, utilityIsoDay, yearsBetween } from './calendar.js';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

const addMonthCases: Array<[string, number, string]> = [
  ['2025-03-15', -12, '2024-03-15'],
  ['2025-03-31', -1, '2025-02-28'],
  ['2024-03-31', -1, '2024-02-29'],
  ['2025-01-31', 1, '2025-02-28'],
  ['2025-11-30', 3, '2026-02-28'],
  ['2025-07-01', -6, '2025-01-01'],
];
for (const [from, months, expected] of addMonthCases) {
  test(`addMonths(${from}, ${months}) = ${expected}`, () => {
    assert.is(isoDay(addMonths(d(from), months)), expected);
  });
}

test('addMonths keeps the time of day', () => {
  assert.is(addMonths(d('2025-03-15T17:45:00Z'), -1).toISOString(), '2025-02-15T17:45:00.000Z');
});

const windowCases: Array<[string, string, boolean]> = [
  ['2025-03-15', '2025-03-15', true],
  ['2025-03-15T23:59:59Z', '2025-03-15T00:00:00Z', true],
  ['2025-03-16', '2025-03-15', false],
  ['2024-03-16', '2025-03-15', true],
  ['2024-03-15', '2025-03-15', false],
];
for (const [date, asOf, expected] of windowCases) {
  test(`inTrailingMonths(${date}, asOf ${asOf}, 12) is ${expected}`, () => {
    assert.is(inTrailingMonths(d(date), d(asOf), 12), expected);
  });
}

const monthCases: Array<[string, string, number]> = [
  ['2020-03-15', '2025-03-15', 60],
  ['2020-03-15', '2025-03-14', 59],
  ['2025-01-31', '2025-02-28', 1],
  ['2025-01-31', '2025-02-27', 0],
  ['2025-06-01', '2025-01-01', 0],
];
for (const [from, to, expected] of monthCases) {
  test(`completeMonthsBetween(${from}, ${to}) = ${expected}`, () => {
    assert.is(completeMonthsBetween(d(from), d(to)), expected);
  });
}

test('yearsBetween counts a 5th anniversary as exactly 5 years', () => {
  assert.is(yearsBetween(d('2020-03-15'), d('2025-03-15')), 5);
  assert.is(yearsBetween(d('2020-03-15'), d('2025-09-15')), 5.5);
});

test('daysBetween ignores the time of day', () => {
  assert.is(daysBetween(d('2025-01-01T23:00:00Z'), d('2025-01-02T01:00:00Z')), 1);
  assert.is(daysBetween(d('2025-01-31'), d('2025-01-01')), -30);
});

test.run();

// The utility's local day of an instant, across both of Chicago's DST change days.
const localDayCases: Array<[string, string, string]> = [
  ['2026-03-01T05:30:00Z', 'America/Chicago', '2026-02-28'], // 23:30 CST the evening before
  ['2026-03-01T06:30:00Z', 'America/Chicago', '2026-03-01'], // 00:30 CST
  ['2026-03-09T04:59:00Z', 'America/Chicago', '2026-03-08'], // 23:59 CDT on the spring-forward day
  ['2026-11-02T05:30:00Z', 'America/Chicago', '2026-11-01'], // 23:30 CST on the fall-back day
  ['2026-11-01T06:30:00Z', 'America/Chicago', '2026-11-01'], // 01:30 CDT, first pass
  ['2026-11-01T07:30:00Z', 'America/Chicago', '2026-11-01'], // 01:30 CST, second pass
  ['2026-06-15T12:00:00Z', 'UTC', '2026-06-15'],
];
for (const [instant, zone, expected] of localDayCases) {
  test(`utilityIsoDay(${instant}, ${zone}) = ${expected}`, () => {
    assert.is(utilityIsoDay(new Date(instant), zone), expected);
    assert.is(utilityDay(new Date(instant), zone), Math.floor(Date.parse(`${expected}T00:00:00Z`) / 86_400_000));
  });
}
