/** Table-driven tests of the timeline filter: kinds as sent, the range check, and the range's bounds in the utility's zone. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Invalid } from '../common/errors.js';
import { boundsOf, checkRange, cursorDay, nextDay, parseKinds } from './timeline-filter.js';

const CHICAGO = 'America/Chicago';

const kinds: Array<[string[], string[]]> = [
  [[], []],
  [['payment'], ['payment']],
  [['payment,bill'], ['payment', 'bill']],
  [['payment', 'bill', 'payment'], ['payment', 'bill']],
  [[' note , complaint ', ''], ['note', 'complaint']],
  [[','], []],
];
for (const [sent, parsed] of kinds) test(`kind ${JSON.stringify(sent)} → ${parsed.join(',') || 'all'}`, () => assert.equal(parseKinds(sent), parsed));

for (const sent of [['payments'], ['payment,Bill'], ['reading-verification'], ['x'.repeat(100)]]) {
  test(`kind ${JSON.stringify(sent).slice(0, 40)} is refused naming kind`, () => {
    try {
      parseKinds(sent);
      assert.unreachable('refused');
    } catch (error) {
      assert.instance(error, Invalid);
      assert.equal(Object.keys((error as Invalid).fields), ['kind']);
    }
  });
}

const ranges: Array<[string | undefined, string | undefined, boolean]> = [
  ['2026-11-01', '2026-11-30', true], ['2026-11-30', '2026-11-30', true], [undefined, '2026-11-30', true],
  ['2026-11-01', undefined, true], ['2026-11-30', '2026-11-01', false],
];
for (const [from, to, ok] of ranges) {
  test(`range ${from ?? '…'} to ${to ?? '…'} is ${ok ? 'accepted' : 'refused naming to'}`, () => {
    if (ok) checkRange(from, to);
    else assert.throws(() => checkRange(from, to), (e: unknown) => e instanceof Invalid && Object.keys(e.fields)[0] === 'to');
  });
}

// [from, to, first instant, first instant after] in Chicago, across both DST changes.
const bounds: Array<[string, string, string, string]> = [
  ['2026-11-27', '2026-11-27', '2026-11-27T06:00:00.000Z', '2026-11-28T06:00:00.000Z'],
  ['2026-03-08', '2026-03-08', '2026-03-08T06:00:00.000Z', '2026-03-09T05:00:00.000Z'],
  ['2026-11-01', '2026-11-01', '2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z'],
  ['2026-12-31', '2026-12-31', '2026-12-31T06:00:00.000Z', '2027-01-01T06:00:00.000Z'],
];
for (const [from, to, start, end] of bounds) {
  test(`${from}..${to} in Chicago is [${start}, ${end})`, () => {
    const b = boundsOf({ fromDay: from, toDay: to }, CHICAGO);
    assert.is(b.fromInstant?.toISOString(), start);
    assert.is(b.toInstantExclusive?.toISOString(), end);
    assert.is(b.fromDay, from);
    assert.is(b.toDay, to);
  });
}

test('next day across month, year and leap day', () => {
  assert.equal(['2026-01-31', '2026-12-31', '2024-02-28', '2026-02-28'].map(nextDay), ['2026-02-01', '2027-01-01', '2024-02-29', '2026-03-01']);
});

test('a cursor bounds date columns by its local day', () => {
  assert.is(cursorDay({ at: '2026-11-28T04:30:00.000000Z', source: 'bill', id: 1 }, CHICAGO), '2026-11-27');
  assert.is(cursorDay({ at: '2026-11-28T06:30:00.000000Z', source: 'bill', id: 1 }, CHICAGO), '2026-11-28');
});

test.run();
