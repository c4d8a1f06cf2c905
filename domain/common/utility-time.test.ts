/** Table-driven tests of the utility's local time: parsing and showing times across DST. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatLocalDateTime, parseLocalDateTime, toLocalDateTimeInput } from './utility-time.js';

const CHICAGO = 'America/Chicago';
const PARSE: [string, string, string | null][] = [
  ['winter (CST, UTC−6)', '2026-12-01T09:30', '2026-12-01T15:30:00.000Z'],
  ['summer (CDT, UTC−5)', '2026-07-01T09:30', '2026-07-01T14:30:00.000Z'],
  ['not a time', 'tomorrow', null],
  ['31 February', '2026-02-31T10:00', null],
  ['hour 24', '2026-02-10T24:00', null],
  ['inside the spring-forward gap', '2026-03-08T02:30', null],
];
for (const [name, input, expected] of PARSE) {
  test(`parse: ${name}`, () => {
    assert.is(parseLocalDateTime(input, CHICAGO)?.toISOString() ?? null, expected);
  });
}

test('round trip through the form field', () => {
  const instant = new Date('2026-12-01T15:30:00Z');
  assert.is(toLocalDateTimeInput(instant, CHICAGO), '2026-12-01T09:30');
  assert.is(parseLocalDateTime(toLocalDateTimeInput(instant, CHICAGO), CHICAGO)?.getTime(), instant.getTime());
});

test('formatted for people in the utility zone', () => {
  assert.is(formatLocalDateTime(new Date('2026-12-01T15:30:00Z'), CHICAGO), 'Tue, Dec 1, 9:30 AM');
});

test.run();
