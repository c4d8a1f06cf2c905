/** Table-driven tests of account numbers: formatting, normalising what people type. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatAccountNumber, isValidAccountNumber, normalizeAccountNumber } from './account-number.js';

const validCases: Array<[string, boolean]> = [
  ['WU-10001', true], ['WU-1234567', true], ['WU-00042', true],
  ['WU-1000', false], ['wu-10001', false], ['WU10001', false], ['10001', false], ['WU-10001 ', false], ['WU-1000A', false],
];
for (const [value, expected] of validCases) {
  test(`isValidAccountNumber(${JSON.stringify(value)}) is ${expected}`, () => {
    assert.is(isValidAccountNumber(value), expected);
  });
}

const formatCases: Array<[number, string]> = [[10001, 'WU-10001'], [42, 'WU-00042'], [1234567, 'WU-1234567']];
for (const [n, expected] of formatCases) {
  test(`formatAccountNumber(${n}) = ${expected}`, () => {
    assert.is(formatAccountNumber(n), expected);
    assert.ok(isValidAccountNumber(formatAccountNumber(n)));
  });
}

test('formatAccountNumber refuses zero, negatives and fractions', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) assert.throws(() => formatAccountNumber(bad));
});

const normalizeCases: Array<[string, string | null]> = [
  ['wu-10001', 'WU-10001'], ['10001', 'WU-10001'], ['WU-10001', 'WU-10001'], [' wu 10001 ', 'WU-10001'],
  ['wu10001', 'WU-10001'], ['WU-00042', 'WU-00042'], ['WU-100', null], ['1000', null], ['AB-10001', null], ['', null],
];
for (const [input, expected] of normalizeCases) {
  test(`normalizeAccountNumber(${JSON.stringify(input)}) = ${expected}`, () => {
    assert.is(normalizeAccountNumber(input), expected);
  });
}

test.run();
