/** Unit tests: reading a typed call length ("m:ss" or minutes). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCallDuration } from './call-duration.js';

const cases: Array<[string, number | null]> = [
  ['12', 720],
  ['0', 0],
  [' 4:05 ', 245],
  ['0:30', 30],
  ['90:00', 5400],
  ['1:02:03', 3723],
  ['24:00:00', 86400],
  ['24:00:01', null],
  ['1441', null],
  ['4:5', null],
  ['4:60', null],
  ['-3', null],
  ['3.5', null],
  ['', null],
  ['abc', null],
  ['1:02:03:04', null],
];

for (const [text, expected] of cases) {
  test(`"${text}" → ${expected}`, () => assert.is(parseCallDuration(text), expected));
}

test.run();
