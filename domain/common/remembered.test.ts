// remembered(): a value made once per key and kept, in a Map or a WeakMap.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { remembered } from './remembered.js';

test('each key is made once, with the key given to make; later asks get the kept value', () => {
  const kept = new Map<string, { zone: string }>();
  const made: string[] = [];
  const make = (zone: string) => { made.push(zone); return { zone }; };
  const cases: Array<[ask: string, madeSoFar: string[]]> = [
    ['America/Chicago', ['America/Chicago']],
    ['America/Chicago', ['America/Chicago']],
    ['Europe/Lisbon', ['America/Chicago', 'Europe/Lisbon']],
    ['America/Chicago', ['America/Chicago', 'Europe/Lisbon']],
  ];
  const first = remembered(kept, 'America/Chicago', make);
  for (const [ask, madeSoFar] of cases) {
    const value = remembered(kept, ask, make);
    assert.is(value.zone, ask);
    assert.equal(made, madeSoFar);
  }
  assert.is(remembered(kept, 'America/Chicago', make), first, 'the same object, not an equal one');
});

test('values that are falsy but defined (0, empty text, false) are kept too', () => {
  for (const value of [0, '', false] as const) {
    const kept = new Map<number, typeof value>();
    let calls = 0;
    remembered(kept, 1, () => { calls += 1; return value; });
    remembered(kept, 1, () => { calls += 1; return value; });
    assert.is(calls, 1, `made once for ${JSON.stringify(value)}`);
  }
});

test('a WeakMap keeps one value per object key', () => {
  const kept = new WeakMap<object, number[]>();
  const [a, b] = [{}, {}];
  const listA = remembered(kept, a, () => []);
  listA.push(1);
  assert.equal(remembered(kept, a, () => []), [1]);
  assert.equal(remembered(kept, b, () => []), []);
});

test.run();
