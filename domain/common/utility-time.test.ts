/** Table-driven tests of the utility's local time: parsing and showing times across DST. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatLocalDateTime, parseLocalDateTime, toLocalDateTimeInput, utilityOffsetMs } from './utility-time.js';

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

const HOUR_MS = 3_600_000;
const OFFSETS: [string, string, string, number][] = [
  ['Chicago winter (CST)', CHICAGO, '2026-12-01T15:30:00Z', -6 * HOUR_MS],
  ['Chicago summer (CDT)', CHICAGO, '2026-07-01T14:30:00Z', -5 * HOUR_MS],
  ['Chicago, the last minute before spring forward', CHICAGO, '2026-03-08T07:59:59.999Z', -6 * HOUR_MS],
  ['Chicago, spring forward', CHICAGO, '2026-03-08T08:00:00Z', -5 * HOUR_MS],
  ['Chicago, the last minute before fall back', CHICAGO, '2026-11-01T06:59:59Z', -5 * HOUR_MS],
  ['Chicago, fall back', CHICAGO, '2026-11-01T07:00:00Z', -6 * HOUR_MS],
  ['Kathmandu (+5:45)', 'Asia/Kathmandu', '2026-06-01T00:00:00Z', 5.75 * HOUR_MS],
  ['Lord Howe summer (+11, a half-hour change)', 'Australia/Lord_Howe', '2026-01-15T12:00:00Z', 11 * HOUR_MS],
  ['Lord Howe winter (+10:30)', 'Australia/Lord_Howe', '2026-07-15T12:00:00Z', 10.5 * HOUR_MS],
  ['UTC', 'UTC', '2026-07-15T12:00:00Z', 0],
  ['before 1970', CHICAGO, '1969-07-20T20:17:40.500Z', -5 * HOUR_MS],
];
for (const [name, zone, instant, expected] of OFFSETS) {
  test(`offset: ${name}`, () => {
    assert.is(utilityOffsetMs(new Date(instant), zone), expected);
  });
}

test('offset: the remembered days agree with Intl at every instant, across two years of changes', () => {
  // The same instants twice: the second pass reads the remembered days.
  for (const pass of [1, 2]) {
    for (const zone of [CHICAGO, 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Kathmandu']) {
      const wall = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
      for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 53 * 60_000 + 13_000) {
        const at = new Date(ms);
        const part = Object.fromEntries(wall.formatToParts(at).map((p) => [p.type, p.value]));
        const shown = new Date(ms + utilityOffsetMs(at, zone)).toISOString();
        assert.is(`${shown.slice(0, 10)} ${shown.slice(11, 16)}`, `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`, `${zone} at ${at.toISOString()} (pass ${pass})`);
      }
    }
  }
});

test('offset: an invalid date is refused as Intl refuses it', () => {
  assert.throws(() => utilityOffsetMs(new Date(Number.NaN), CHICAGO), (error: unknown) => error instanceof RangeError);
});

test.run();
