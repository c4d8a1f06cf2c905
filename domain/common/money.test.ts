/** Table-driven tests of money formatting and parsing in integer cents. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatCents, formatPercent, parseCents, percentOf } from './money.js';

const formatCases: Array<[number, string | undefined, string]> = [
  [123456, undefined, '$1,234.56'],
  [0, undefined, '$0.00'],
  [5, undefined, '$0.05'],
  [-500, undefined, '-$5.00'],
  [100000000, undefined, '$1,000,000.00'],
  [1500, 'JPY', '¥1,500'],
];
for (const [cents, currency, expected] of formatCases) {
  test(`formatCents(${cents}, ${currency ?? 'USD'}) = ${expected}`, () => {
    assert.is(formatCents(cents, currency), expected);
  });
}

test('formatCents refuses a float amount', () => {
  assert.throws(() => formatCents(12.5), /integer number of cents/);
});

const parseCases: Array<[string, number | null]> = [
  ['1234.56', 123456], ['$1,234.56', 123456], ['12', 1200], ['12.5', 1250], ['.99', 99],
  ['-$5', -500], ['  7.05 ', 705], ['0.1', 10], ['12.345', null], ['abc', null], ['', null], ['1,23', null],
];
for (const [input, expected] of parseCases) {
  test(`parseCents(${JSON.stringify(input)}) = ${expected}`, () => {
    assert.is(parseCents(input), expected);
  });
}

const percentCases: Array<[number, number, number | null]> = [
  [2, 3, 66.7], [1, 3, 33.3], [19, 20, 95], [0, 5, 0], [5, 5, 100], [1, 16, 6.3], [0, 0, null],
];
for (const [part, whole, expected] of percentCases) {
  test(`percentOf(${part}, ${whole}) = ${expected}`, () => {
    assert.is(percentOf(part, whole), expected);
  });
}

const formatPercentCases: Array<[number | null, string]> = [[97.5, '97.5%'], [100, '100.0%'], [0, '0.0%'], [66.66, '66.7%'], [null, '—']];
for (const [value, expected] of formatPercentCases) {
  test(`formatPercent(${value}) = ${expected}`, () => {
    assert.is(formatPercent(value), expected);
  });
}

test.run();
