/** Table-driven tests of row ids: only 1..2,147,483,647 (PostgreSQL int4) can name a row. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { INT4_MAX, isRowId, parseRowId, rowId, rowIdParam } from './row-id.js';

const texts: Array<[string | undefined, number | null]> = [
  ['1', 1], ['42', 42], ['2147483647', INT4_MAX], ['0001', 1],
  ['0', null], ['2147483648', null], ['4294967296', null], ['99999999999999999999', null], ['-1', null],
  ['1e3', null], ['0x10', null], ['1.5', null], [' 7', null], ['', null], [undefined, null], ['\u0000', null], ['１', null],
];
for (const [raw, expected] of texts) {
  test(`parseRowId(${JSON.stringify(raw)}) = ${expected}`, () => {
    assert.is(parseRowId(raw), expected);
  });
}

const numbers: Array<[number, boolean]> = [[1, true], [INT4_MAX, true], [0, false], [-1, false], [INT4_MAX + 1, false], [1.5, false], [Number.NaN, false]];
for (const [value, expected] of numbers) {
  test(`isRowId(${value}) = ${expected}, and the zod types agree`, () => {
    assert.is(isRowId(value), expected);
    assert.is(rowId().safeParse(value).success, expected);
    assert.is(rowIdParam().safeParse(String(value)).success, expected);
  });
}

test.run();
