/** The bench runner's size check (scripts/bench/bench-size.ts): which account counts may stand for a bench's size. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sizeMismatch } from './bench-size.js';

const cases: Array<[string, number, number, string | null]> = [
  ['the size itself', 100_000, 100_000, null],
  ['a few accounts a bench added', 105_000, 100_000, null],
  ['just inside the tenth', 110_000, 100_000, null],
  ['the 1,000,000-account seed under a 100,000 heading', 1_000_000, 100_000, 'holds 1,000,000 accounts, not 100,000'],
  ['the 100,000-account seed under a 1,000,000 heading', 100_000, 1_000_000, 'holds 100,000 accounts, not 1,000,000'],
  ['an empty database', 0, 100_000, 'seed it first'],
];

for (const [name, found, wanted, expected] of cases) {
  test(name, () => {
    const reason = sizeMismatch(found, wanted);
    if (expected === null) assert.is(reason, null);
    else assert.match(reason ?? '', expected);
  });
}

test.run();
