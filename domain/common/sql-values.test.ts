/** Table-driven tests of the numbers the fact queries send for dates and instants (sql-values.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromDayNumber, fromMicros, fromMicrosOrNull } from './sql-values.js';

const dayCases: Array<[number, string]> = [
  [0, '1970-01-01T00:00:00.000Z'], [19_782, '2024-02-29T00:00:00.000Z'], [20_634, '2026-06-30T00:00:00.000Z'], [-1, '1969-12-31T00:00:00.000Z'],
];
for (const [days, iso] of dayCases) {
  test(`fromDayNumber(${days}) is ${iso}`, () => assert.is(fromDayNumber(days).toISOString(), iso));
}

const microCases: Array<[number, string]> = [
  [0, '1970-01-01T00:00:00.000Z'],
  // Microseconds are dropped, as the driver drops them from a timestamp's text: never rounded into the next day.
  [1_751_327_999_999_999, '2025-06-30T23:59:59.999Z'],
  [1_751_328_000_000_000, '2025-07-01T00:00:00.000Z'],
  [1_751_327_999_123_456, '2025-06-30T23:59:59.123Z'],
  [-1, '1969-12-31T23:59:59.999Z'],
];
for (const [micros, iso] of microCases) {
  test(`fromMicros(${micros}) is ${iso}`, () => assert.is(fromMicros(micros).toISOString(), iso));
}

test('fromMicrosOrNull keeps a missing instant missing', () => {
  assert.is(fromMicrosOrNull(null), null);
  assert.is(fromMicrosOrNull(undefined), null);
});

test('a value that is not a whole number is refused, not turned into a wrong date', () => {
  assert.throws(() => fromDayNumber(1.5), /not a day number/);
  assert.throws(() => fromDayNumber(Number.NaN), /not a day number/);
  assert.throws(() => fromMicros(Number.POSITIVE_INFINITY), /not microseconds/);
});

test.run();
