/** Table-driven tests of the timeline cursor: what round-trips and what a client may not invent. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeCursor, encodeCursor, type TimelineCursor } from './timeline-cursor.js';

const good: TimelineCursor[] = [
  { at: '2026-11-27T14:03:05.123456Z', source: 'payment', id: 1 },
  { at: '1999-12-31T23:59:59.000000Z', source: 'account_change', id: 2_147_483_647 },
  { at: '2026-03-08T08:00:00.000001Z', source: 'reading_verified', id: 42 },
];
for (const cursor of good) {
  test(`${cursor.source} ${cursor.at} #${cursor.id} round-trips, URL-safe`, () => {
    const encoded = encodeCursor(cursor);
    assert.match(encoded, /^[A-Za-z0-9_-]+$/);
    assert.equal(decodeCursor(encoded), cursor);
  });
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const bad: Array<[string, string]> = [
  ['empty', ''],
  ['not base64url', 'abc+/='],
  ['not our text', b64('hello')],
  ['unknown source', b64('2026-11-27T14:03:05.123456Z|elsewhere|3')],
  ['milliseconds only', b64('2026-11-27T14:03:05.123Z|payment|3')],
  ['impossible date', b64('2026-13-45T14:03:05.123456Z|payment|3')],
  ['id zero', b64('2026-11-27T14:03:05.123456Z|payment|0')],
  ['id beyond int4', b64('2026-11-27T14:03:05.123456Z|payment|2147483648')],
  ['negative id', b64('2026-11-27T14:03:05.123456Z|payment|-1')],
  ['extra part', b64('2026-11-27T14:03:05.123456Z|payment|3|x')],
  ['too long', 'A'.repeat(300)],
];
for (const [name, value] of bad) test(`refused: ${name}`, () => assert.is(decodeCursor(value), null));

test.run();
