// remembered(): a value made once per key and kept, in a Map or a WeakMap.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { remembered, rememberedPromise } from './remembered.js';

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

test('a kept promise: shared while pending, kept when it resolves, forgotten when it rejects', async () => {
  // Each case: what the next make does, then what the ask sees and how many makes there were so far.
  type Outcome = 'resolves' | 'rejects';
  const cases: Array<[next: Outcome, seen: string, makesSoFar: number]> = [
    ['rejects', 'failed 1', 1], // the first read fails: the caller sees it…
    ['resolves', 'bytes 2', 2], // …and the next ask reads again instead of failing for good
    ['rejects', 'bytes 2', 2], // kept: not made again, so a later failure cannot reach it
    ['resolves', 'bytes 2', 2],
  ];
  const kept = new Map<string, Promise<string>>();
  let makes = 0;
  let next: Outcome = 'resolves';
  const make = (path: string) => {
    makes += 1;
    return next === 'resolves' ? Promise.resolve(`bytes ${makes}`) : Promise.reject(new Error(`failed ${makes} (${path})`));
  };
  for (const [outcome, seen, makesSoFar] of cases) {
    next = outcome;
    const got = await rememberedPromise(kept, 'app.css', make).catch((error: Error) => error.message.replace(' (app.css)', ''));
    assert.is(got, seen);
    assert.is(makes, makesSoFar);
  }
});

test('asks made while a read is pending share it, and all see its failure once', async () => {
  const kept = new Map<string, Promise<string>>();
  let makes = 0;
  let fail: (error: Error) => void = () => {};
  const make = () => { makes += 1; return new Promise<string>((_resolve, reject) => { fail = reject; }); };
  const asks = [rememberedPromise(kept, 'k', make), rememberedPromise(kept, 'k', make)];
  assert.is(asks[0], asks[1], 'one promise for both');
  fail(new Error('disk'));
  const results = await Promise.allSettled(asks);
  assert.equal(results.map((result) => result.status), ['rejected', 'rejected']);
  assert.is(makes, 1);
  assert.is(kept.has('k'), false, 'forgotten after the failure');
});

test('a failed promise does not forget the newer one that replaced it', async () => {
  const kept = new Map<string, Promise<string>>();
  let fail: (error: Error) => void = () => {};
  const failing = rememberedPromise(kept, 'k', () => new Promise<string>((_resolve, reject) => { fail = reject; }));
  const newer = Promise.resolve('newer');
  kept.set('k', newer); // something replaced the entry while the first was pending
  fail(new Error('late'));
  await failing.catch(() => undefined);
  assert.is(kept.get('k'), newer);
});

test.run();
