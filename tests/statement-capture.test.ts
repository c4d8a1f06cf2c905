/**
 * The statement capture the benches' SQL floors and the statement-count tests rely on
 * (scripts/bench/load/sql-replay.ts, captureStatements): it records what the watched work sends, in
 * order, and leaves out the caller-change listener's heartbeat, which runs on a timer of its own
 * (infra/database/caller-change-listener.ts) and once made a test count two statements for one request.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { RememberedCallers } from '../domain/auth/remembered-callers.js';
import { CALLER_CHANGES_APPLICATION_NAME, listenForCallerChanges, type CallerChangeListener } from '../infra/database/caller-change-listener.js';
import { applicationNameOf, captureStatements, whileQueriesWatched } from '../scripts/bench/load/sql-replay.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
let listener: CallerChangeListener;

test.before(async () => {
  database = await createTestDatabase('statement_capture');
  // A heartbeat every millisecond: every watched stretch below holds several of them (the first, a hundred or so).
  listener = listenForCallerChanges(database.url, new RememberedCallers(), { everyMs: 1, answerWithinMs: 1_000 });
  await listener.ready;
});
test.after(async () => {
  await listener.close();
  await database.drop();
});

/** Runs `work` counting the statements the listener's own connection sends meanwhile (beneath the capture). */
async function countingListenerStatements<T>(work: () => Promise<T>): Promise<{ result: T; listenerStatements: number }> {
  let listenerStatements = 0;
  const result = await whileQueriesWatched((client) => {
    if (applicationNameOf(client) === CALLER_CHANGES_APPLICATION_NAME) listenerStatements += 1;
  }, work);
  return { result, listenerStatements };
}

test('the watched work\'s statements are captured in order, with their values; the heartbeats beating meanwhile are not', async () => {
  const { result: captured, listenerStatements } = await countingListenerStatements(() => database.withClient((client) =>
    captureStatements(async () => {
      await client.query('select $1::int as one', [1]);
      await sleep(50);
      await client.query({ name: 'capture-two', text: 'select $1::int as two', values: [2] });
      await sleep(50);
    })));
  assert.ok(listenerStatements > 0, 'the listener beat while the work ran (else this test shows nothing)');
  assert.equal(captured, [
    { text: 'select $1::int as one', values: [1] },
    { name: 'capture-two', text: 'select $1::int as two', values: [2] },
  ]);
});

test('a statement the work sends on a connection of its own, with no name, is captured like any other', async () => {
  const captured = await captureStatements(async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('select 3 as three');
    } finally {
      await client.end();
    }
  });
  assert.equal(captured.map((s) => s.text), ['select 3 as three']);
});

test.run();
