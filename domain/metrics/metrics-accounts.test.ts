/**
 * Table-driven tests of the nightly run's comparison of stored JSON (`sameJson`, metrics-accounts.ts):
 * jsonb gives keys back in its own order and drops nothing but `undefined`, so equal values must
 * compare equal whatever the key order, and any other difference must show.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson, sameJson } from './metrics-accounts.js';

const breakdown = {
  baseScore: 81,
  components: { tenure: { value: 0.7, usedDefault: false, points: 10.5 }, serviceQuality: { value: 0.75, usedDefault: true, points: 18.75 } },
  penalties: [{ kind: 'late_bills', count: 2, points: 4 }],
};
/** The same breakdown as jsonb returns it: keys in another order at every level. */
const reordered = {
  penalties: [{ points: 4, count: 2, kind: 'late_bills' }],
  components: { serviceQuality: { points: 18.75, usedDefault: true, value: 0.75 }, tenure: { points: 10.5, value: 0.7, usedDefault: false } },
  baseScore: 81,
};

const cases: Array<[string, unknown, unknown, boolean]> = [
  ['the same object', breakdown, breakdown, true],
  ['keys in another order, at every level', breakdown, reordered, true],
  ['a component value differs', breakdown, { ...reordered, components: { ...reordered.components, tenure: { points: 10.5, value: 0.8, usedDefault: false } } }, false],
  ['a key missing on the right', { a: 1, b: 2 }, { a: 1 }, false],
  ['a key missing on the left', { a: 1 }, { a: 1, b: 2 }, false],
  ['an undefined value is no key (left)', { a: 1, b: undefined }, { a: 1 }, true],
  ['an undefined value is no key (right)', { a: 1 }, { a: 1, b: undefined }, true],
  ['undefined against null is a difference in an object', { a: 1, b: undefined }, { a: 1, b: null }, false],
  ['same key count, different keys', { a: 1, b: 2 }, { a: 1, c: 2 }, false],
  ['arrays keep their order', ['Pinned on', 'Tenure'], ['Tenure', 'Pinned on'], false],
  ['equal arrays', ['Pinned on', 'Tenure'], ['Pinned on', 'Tenure'], true],
  ['an array against an object', ['a'], { 0: 'a' }, false],
  ['arrays of different lengths', [1, 2], [1, 2, 3], false],
  ['empty array and empty object', [], {}, false],
  ['null and null (nothing stored, nothing computed)', null, null, true],
  ['null against an object (a first run)', null, breakdown, false],
  ['undefined against null', undefined, null, true],
  ['numbers by value', { points: 10 }, { points: 10.0 }, true],
  ['a number against its text', { points: 10 }, { points: '10' }, false],
  ['booleans', { usedDefault: true }, { usedDefault: false }, false],
];
for (const [name, a, b, expected] of cases) {
  test(`sameJson: ${name}`, () => {
    assert.is(sameJson(a, b), expected);
    assert.is(sameJson(b, a), expected, 'either way round');
    if (a !== undefined && b !== undefined) assert.is(canonicalJson(a) === canonicalJson(b), expected, 'as canonical JSON');
  });
}

test.run();
