/** Table-driven tests of the shared text type: control characters, broken UTF-16 and the length cap. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BROKEN_TEXT_MESSAGE, CONTROL_CHARACTER_MESSAGE, plainText } from './plain-text.js';
import { isPlainText } from './text-checks.js';

const cases: Array<[string, string, string | null]> = [
  ['plain words', 'Low pressure upstairs', null],
  ['tab, CR and LF are text', 'line one\r\nline two\tand a tab', null],
  ['emoji and RTL text', '💧 מים \u200fnote\u200e', null],
  ['an accented letter in two code points', 'e\u0301', null],
  ['the object keys of JavaScript', '__proto__ constructor', null],
  ['NUL', 'before\u0000after', CONTROL_CHARACTER_MESSAGE],
  ['bell', '\u0007', CONTROL_CHARACTER_MESSAGE],
  ['escape', '\u001b[31m', CONTROL_CHARACTER_MESSAGE],
  ['vertical tab', 'a\u000bb', CONTROL_CHARACTER_MESSAGE],
  ['unit separator', '\u001f', CONTROL_CHARACTER_MESSAGE],
  ['DEL', 'a\u007fb', CONTROL_CHARACTER_MESSAGE],
  ['a C1 control (NEL)', 'a\u0085b', CONTROL_CHARACTER_MESSAGE],
  ['a lone high surrogate', 'x\ud800', BROKEN_TEXT_MESSAGE],
  ['a lone low surrogate', '\udfffx', BROKEN_TEXT_MESSAGE],
];
for (const [name, value, message] of cases) {
  test(`plainText: ${name} → ${message ?? 'accepted'}`, () => {
    const result = plainText(100).safeParse(value);
    assert.is(result.success ? null : result.error.issues[0].message, message);
    assert.is(isPlainText(value), message === null);
  });
}

test('plainText caps the length (default 10,000, or the given maximum)', () => {
  assert.ok(plainText().safeParse('x'.repeat(10_000)).success);
  assert.is(plainText().safeParse('x'.repeat(10_001)).error?.issues[0].message, 'at most 10000 characters');
  assert.is(plainText(5).safeParse('abcdef').error?.issues[0].message, 'at most 5 characters');
});

test('plainText: a missing value is "required", a number is a type error', () => {
  assert.is(plainText().safeParse(undefined).error?.issues[0].message, 'required');
  assert.match(plainText().safeParse(42).error?.issues[0].message ?? '', /expected string/);
});

test('plainText chains: trim and min still apply after the checks', () => {
  const name = plainText(10).trim().min(1, 'required');
  assert.is(name.parse('  Ann  '), 'Ann');
  assert.is(name.safeParse('   ').error?.issues[0].message, 'required');
  assert.is(name.safeParse(' \u0000 ').error?.issues[0].message, CONTROL_CHARACTER_MESSAGE);
});

test.run();
