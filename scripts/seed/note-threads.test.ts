/**
 * Note threads stay unique at any scale. They used to be a UUID drawn from the account's
 * 32-bit random stream, so at most 2^32 different threads existed and, by the birthday
 * bound, two accounts shared one after about 100,000 accounts: the 1,000,000-account seed
 * failed at 129,000 on `note_thread_version_unique`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { timelineOf, type SeedContext } from './context.js';
import { dayFromIso } from './days.js';
import { notesFor } from './notes.js';
import { Rng, streamFor } from './prng.js';
import { idCursorFrom } from './rows.js';

function context(seed: number): SeedContext {
  return {
    seed, asOfDay: dayFromIso('2026-11-28'), months: 24, accounts: 300_000,
    users: { agent: { id: 1, name: 'Alex Agent' }, dispatcher: { id: 2, name: 'Dana Dispatcher' }, admin: { id: 3, name: 'Ada Admin' } },
    technicians: [],
    timeZone: 'America/Chicago',
  };
}

test('two accounts whose random streams coincide still get different threads', () => {
  const ctx = context(42);
  const timeline = timelineOf(ctx);
  const ids = idCursorFrom();
  const seen = new Set<string>();
  // The same stream state twice, as two accounts whose mixed seeds collide would have it.
  for (const account of [1, 2]) {
    let notes = notesFor(new Rng(12345), account, timeline.windowStart, ids, ctx, timeline);
    for (let state = 12346; notes.length === 0; state++) notes = notesFor(new Rng(state), account, timeline.windowStart, ids, ctx, timeline);
    for (const note of notes.filter((n) => n.version === 1)) {
      assert.not.ok(seen.has(note.thread), `thread ${note.thread} repeated`);
      seen.add(note.thread);
    }
  }
});

for (const seed of [42, 7]) {
  test(`300,000 accounts' notes (seed ${seed}): every (thread, version) once, every thread one account's`, () => {
    const ctx = context(seed);
    const timeline = timelineOf(ctx);
    const ids = idCursorFrom();
    const keys = new Set<string>();
    const owner = new Map<string, number>();
    for (let index = 0; index < ctx.accounts; index++) {
      const notes = notesFor(streamFor(seed, index, 'notes'), index + 1, timeline.windowStart, ids, ctx, timeline);
      for (const note of notes) {
        const key = `${note.thread}/${note.version}`;
        assert.not.ok(keys.has(key), `account ${index + 1} repeats note ${key}`);
        keys.add(key);
        const first = owner.get(note.thread) ?? note.account_id;
        assert.is(first, note.account_id, `thread ${note.thread} shared by accounts ${first} and ${note.account_id}`);
        owner.set(note.thread, first);
        assert.match(note.thread, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
    }
    assert.ok(keys.size > 250_000, `only ${keys.size} notes`);
  });
}

test.run();
