/** Unit tests of the remembered callers: served only while listening, for REMEMBER_MS at most, never a row read across a change. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MOST_REMEMBERED, REMEMBER_MS, RememberedCallers } from './remembered-callers.js';

/** A remembered-callers set on a clock the test moves. */
function withClock() {
  let now = 1_000_000;
  const callers = new RememberedCallers(() => now);
  return { callers, tick: (ms: number) => { now += ms; } };
}

const ROW = { id: 7 };

test('nothing is kept or served before the listener resumes it', async () => {
  const { callers } = withClock();
  assert.is(callers.serving, false);
  assert.equal(await callers.read('token:a', async () => ROW), ROW, 'the row read is still answered');
  assert.is(callers.size, 0);
  assert.is(callers.row('token:a'), undefined);
});

test('a row read while listening is served until REMEMBER_MS have passed, then read again', async () => {
  const { callers, tick } = withClock();
  callers.resume();
  await callers.read('token:a', async () => ROW);
  tick(REMEMBER_MS);
  assert.equal(callers.row('token:a'), ROW);
  tick(1);
  assert.is(callers.row('token:a'), undefined);
  assert.is(callers.size, 0, 'the stale entry is dropped');
});

test('a missing row (an unknown token) is never kept', async () => {
  const { callers } = withClock();
  callers.resume();
  assert.is(await callers.read('token:unknown', async () => undefined), undefined);
  assert.is(callers.size, 0);
});

/** What happens while a row is being read: each may mean the row predates a change, so it is answered but not kept. */
const DURING_READ: [string, (callers: RememberedCallers) => void][] = [
  ['a change notice (forgetAll)', (callers) => callers.forgetAll()],
  ['the listener lost (suspend)', (callers) => callers.suspend()],
  ['the listener lost and back (suspend, resume)', (callers) => { callers.suspend(); callers.resume(); }],
];
for (const [name, happen] of DURING_READ) {
  test(`a row whose read overlapped ${name} is answered but not kept`, async () => {
    const { callers } = withClock();
    callers.resume();
    const row = await callers.read('session:a', async () => { happen(callers); return ROW; });
    assert.equal(row, ROW);
    assert.is(callers.row('session:a'), undefined);
  });
}

test('a change notice forgets every kept row; a suspended set serves none and keeps none', async () => {
  const { callers } = withClock();
  callers.resume();
  await callers.read('token:a', async () => ROW);
  await callers.read('session:b', async () => ROW);
  callers.forgetAll();
  assert.is(callers.size, 0);
  await callers.read('token:a', async () => ROW);
  callers.suspend();
  assert.is(callers.serving, false);
  assert.is(callers.row('token:a'), undefined);
  await callers.read('token:a', async () => ROW);
  assert.is(callers.size, 0);
});

test(`at most ${MOST_REMEMBERED} rows are kept: the least recently read goes first`, async () => {
  const { callers } = withClock();
  callers.resume();
  for (let i = 0; i < MOST_REMEMBERED; i += 1) await callers.read(`token:${i}`, async () => ({ id: i }));
  await callers.read('token:0', async () => ({ id: 0 })); // read again: now the most recent
  await callers.read('token:new', async () => ({ id: -1 }));
  assert.is(callers.size, MOST_REMEMBERED);
  assert.equal(callers.row('token:0'), { id: 0 });
  assert.is(callers.row('token:1'), undefined, 'the oldest read went');
  assert.equal(callers.row('token:new'), { id: -1 });
});

test.run();
