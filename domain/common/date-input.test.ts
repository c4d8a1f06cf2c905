/** Table-driven tests of date fields: both accepted forms, the refused ones, and what each means in the utility's zone. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dayOfInput, instantOfInput, parseDateInput, type DateInput } from './date-input.js';
import { Invalid } from './errors.js';

const CHICAGO = 'America/Chicago';

// [text, local day in Chicago, instant (ISO, UTC)]
const accepted: Array<[string, string, string]> = [
  ['2026-11-27', '2026-11-27', '2026-11-27T06:00:00.000Z'],
  ['2026-11-27T22:30:00-06:00', '2026-11-27', '2026-11-28T04:30:00.000Z'], // 22:30 local, already the 28th in UTC
  ['2026-11-28T04:30:00Z', '2026-11-27', '2026-11-28T04:30:00.000Z'],
  ['2026-11-28T05:30:00Z', '2026-11-27', '2026-11-28T05:30:00.000Z'], // 23:30 local
  ['2026-11-28T06:30:00Z', '2026-11-28', '2026-11-28T06:30:00.000Z'], // 00:30 local the next day
  ['2026-11-28T06:30:00.123456z', '2026-11-28', '2026-11-28T06:30:00.123Z'],
  ['2026-11-28T12:00+05:30', '2026-11-28', '2026-11-28T06:30:00.000Z'],
  ['2026-03-08', '2026-03-08', '2026-03-08T06:00:00.000Z'], // spring-forward day starts in CST
  ['2026-03-09T04:30:00Z', '2026-03-08', '2026-03-09T04:30:00.000Z'], // 23:30 CDT on the spring-forward day
  ['2026-11-01', '2026-11-01', '2026-11-01T05:00:00.000Z'], // fall-back day starts in CDT
  ['2026-11-02T05:30:00Z', '2026-11-01', '2026-11-02T05:30:00.000Z'], // 23:30 CST on the fall-back day
  ['2024-02-29', '2024-02-29', '2024-02-29T06:00:00.000Z'],
  ['2026-11-28T18:00:00+18:00', '2026-11-27', '2026-11-28T00:00:00.000Z'], // the furthest offset allowed, each way
  ['2026-11-27T06:00:00-18:00', '2026-11-27', '2026-11-28T00:00:00.000Z'],
];
for (const [text, day, instant] of accepted) {
  test(`${text} is day ${day} and instant ${instant} in Chicago`, () => {
    const input = parseDateInput(text);
    assert.ok(input, 'parsed');
    assert.is(dayOfInput(input as DateInput, CHICAGO), day);
    assert.is(instantOfInput(input as DateInput, CHICAGO, 'paidAt').toISOString(), instant);
  });
}

const refused = [
  '', 'x', 'today', '2026-13-01', '2026-02-29', '2026-11-31', '0000-01-01', '1899-12-31', '3000-01-01', '20261127', '2026-1-27',
  '2026-11-27T24:00:00Z', '2026-11-27T22:60:00Z', '2026-11-27T22:30:61Z', '2026-11-27T22:30:00+19:00', '2026-11-27T22:30:00+18:59', '2026-11-27T22:30:00-18:01', '2026-11-27T22:30:00+05:60',
  '2026-11-27 22:30:00Z', '2026-11-27T22:30:00', '2026-11-27T22:30', '27/11/2026', '2026-11-27T22:30:00Z junk', '2026-11-27\u0000',
];
for (const text of refused) {
  test(`refused: ${JSON.stringify(text)}`, () => assert.is(parseDateInput(text), null));
}

test('a form\'s wall-clock time is read in the utility\'s zone', () => {
  const input = parseDateInput('2026-11-27T23:30', { wallTime: true }) as DateInput;
  assert.equal(input, { kind: 'wall', day: '2026-11-27', time: '23:30' });
  assert.is(dayOfInput(input, CHICAGO), '2026-11-27');
  assert.is(instantOfInput(input, CHICAGO, 'paidAt').toISOString(), '2026-11-28T05:30:00.000Z');
  assert.is(parseDateInput('2026-11-27T23:30:15', { wallTime: true }), null);
});

test('a wall-clock time the clocks skip is Invalid naming the field', () => {
  const input = parseDateInput('2026-03-08T02:30', { wallTime: true }) as DateInput;
  try {
    instantOfInput(input, CHICAGO, 'occurredAt');
    assert.unreachable('02:30 does not exist on 8 March 2026 in Chicago');
  } catch (error) {
    assert.instance(error, Invalid);
    assert.ok((error as Invalid).fields.occurredAt);
  }
});

test.run();
