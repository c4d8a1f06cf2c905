/** Unit tests of the bill import's setting checked before any row loads (bill-import.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { batchesAtOnceProblem, MAX_BATCHES_AT_ONCE } from './bill-import.js';

const RULE = `Batches at once must be a whole number from 1 to ${MAX_BATCHES_AT_ONCE}`;

const cases: Array<{ value: number; given?: string; expected: string | null }> = [
  { value: 1, expected: null },
  { value: 2, expected: null },
  { value: MAX_BATCHES_AT_ONCE, expected: null },
  { value: 0, expected: `${RULE}, got 0.` },
  { value: -3, expected: `${RULE}, got -3.` },
  { value: MAX_BATCHES_AT_ONCE + 1, expected: `${RULE}, got ${MAX_BATCHES_AT_ONCE + 1}.` },
  { value: 1.5, expected: `${RULE}, got 1.5.` },
  { value: Number.NaN, given: 'abc', expected: `${RULE}, got abc.` },
  { value: Number.POSITIVE_INFINITY, given: '1e999', expected: `${RULE}, got 1e999.` },
];

for (const { value, given, expected } of cases) {
  test(`batches at once ${given ?? value}: ${expected ?? 'taken'}`, () => {
    assert.is(batchesAtOnceProblem(value, given), expected);
  });
}

test.run();
