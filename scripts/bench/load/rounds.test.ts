/** The load rows' rounds (scripts/bench/load/rounds.ts): the median each row reports, and how rounds combine. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadRounds, median, overRounds, roundRates } from './rounds.js';

const medians: [values: number[], expected: number][] = [
  [[5], 5],
  [[3, 1, 2], 2],
  [[2272, 1988, 2301], 2272],
  [[4, 1, 3, 2], 2.5],
  [[7, 7, 100], 7],
];
for (const [values, expected] of medians) {
  test(`median of ${values.join(', ')} is ${expected}`, () => {
    assert.is(median(values), expected);
  });
}

test('median of nothing is NaN, and the values given are left in their order', () => {
  assert.ok(Number.isNaN(median([])));
  const values = [3, 1, 2];
  median(values);
  assert.equal(values, [3, 1, 2]);
});

const settings: [setting: string | undefined, expected: number | RegExp][] = [
  [undefined, 3], ['', 3], ['1', 1], ['5', 5],
  ['0', /whole number of 1 or more, got 0/], ['2.5', /got 2.5/], ['abc', /got abc/], ['-1', /got -1/],
];
for (const [setting, expected] of settings) {
  test(`BENCH_LOAD_ROUNDS=${setting ?? '(unset)'}`, () => {
    if (typeof expected === 'number') assert.is(loadRounds(setting), expected);
    else assert.throws(() => loadRounds(setting), expected);
  });
}

test('rounds combine: medians for the rate and percentiles, sums for the counts, every rate kept in order', () => {
  const combined = overRounds([
    { requestsPerSecond: 500, p50: 10, p99: 40, requests: 5000, non2xx: 0, errors: 0 },
    { requestsPerSecond: 430, p50: 12, p99: 90, requests: 4300, non2xx: 2, errors: 1 },
    { requestsPerSecond: 520, p50: 9, p99: 38, requests: 5200, non2xx: 0, errors: 0 },
  ]);
  assert.equal(combined, { requestsPerSecond: 500, p50: 10, p99: 40, requests: 14_500, non2xx: 2, errors: 1, rates: [500, 430, 520] });
});

test('a replay round has no answer codes: none are made up for it', () => {
  const combined = overRounds([{ requestsPerSecond: 300, p50: 20, p99: 80, requests: 3000 }, { requestsPerSecond: 340, p50: 18, p99: 70, requests: 3400 }]);
  assert.equal(combined, { requestsPerSecond: 320, p50: 19, p99: 75, requests: 6400, rates: [300, 340] });
  assert.throws(() => overRounds([]), /at least one round/);
});

test('the rates as the row prints them', () => {
  assert.is(roundRates([2272.4, 1988.6, 12301]), '2,272 / 1,989 / 12,301');
});

test.run();
