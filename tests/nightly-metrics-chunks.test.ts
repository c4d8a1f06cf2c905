/**
 * The nightly run's memory stays flat whatever the number of accounts (issue 12): no statement
 * it sends brings back more than one chunk's accounts (no list of every account id, no list of
 * every missed meter or every estimate written), and no more chunks are taken than are in flight.
 * Watched at the driver: every result's rows, as pg hands them to the run.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { DEFAULT_METRICS_SETTINGS } from '../domain/metrics/metrics-settings.js';
import { runNightlyMetrics } from '../domain/metrics/metrics-run.js';
import { eachInFlight } from '../domain/common/in-flight.js';
import { putSetting } from '../domain/settings/settings.js';
import { seedDatabase } from '../scripts/seed/seed-database.js';
import { startTestServer, type TestServer } from './support/app-server.js';
import { TEST_TIME_ZONE } from './support/jobs-worker.js';

// pg's own Query class (untyped), the one the ORM's pool uses: its results are watched as they complete.
const Query: unknown = createRequire(import.meta.url)('pg/lib/query.js');
const CHUNK = 50;
const ACCOUNTS = 400;
let server: TestServer;

test.before(async () => {
  server = await startTestServer('metrics_chunks');
  await seedDatabase({ databaseUrl: server.db.url, accounts: ACCOUNTS, seed: 20261130, months: 12 });
  await putSetting(server.db.orm.em.fork(), 'metrics', { ...DEFAULT_METRICS_SETTINGS, chunkSize: CHUNK });
});
test.after(async () => {
  await server.close();
});

interface Seen { text: string; rows: Array<Record<string, unknown>> }

/** Every result pg completes while `work` runs, with its statement's text. */
async function watchResults(work: () => Promise<unknown>): Promise<Seen[]> {
  type PgQuery = { text: string; _result: { rows: Array<Record<string, unknown>> }; handleCommandComplete(...args: unknown[]): void };
  const proto = (Query as unknown as { prototype: PgQuery }).prototype;
  const original = proto.handleCommandComplete;
  const seen: Seen[] = [];
  proto.handleCommandComplete = function (this: PgQuery, ...args: unknown[]) {
    seen.push({ text: this.text, rows: this._result.rows });
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.handleCommandComplete = original;
  }
  return seen;
}

/** The accounts a result is about: its `account_id`s, or the `id`s of a selection from `account` itself. */
function accountsIn(result: Seen): number {
  const key = result.rows.some((row) => 'account_id' in row) ? 'account_id' : /from "account"/.test(result.text) && result.rows.some((row) => 'id' in row) ? 'id' : null;
  return key === null ? 0 : new Set(result.rows.map((row) => row[key])).size;
}

test('no statement of the run (first run or rerun) brings back more than one chunk of accounts', async () => {
  for (const run of ['first run', 'rerun']) {
    const seen = await watchResults(() => runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE }));
    const widest = seen.reduce((most, result) => (accountsIn(result) > accountsIn(most) ? result : most));
    assert.ok(seen.length > ACCOUNTS / CHUNK, `${run}: ${seen.length} statements`);
    assert.ok(accountsIn(widest) <= CHUNK, `${run}: ${accountsIn(widest)} accounts in one result of ${widest.text.slice(0, 200)}`);
    const largest = Math.max(...seen.map((result) => result.rows.length));
    // A chunk's facts: 50 accounts × at most a few dozen rows each (bills, payments, allocations, readings of 12 months).
    assert.ok(largest <= CHUNK * 60, `${run}: a result of ${largest} rows`);
  }
});

test('the account chunks are taken only as fast as they are worked on: never more than `parallel` ahead', async () => {
  let taken = 0;
  let finished = 0;
  let mostAhead = 0;
  async function* items() {
    for (let i = 0; i < 40; i++) {
      taken++;
      mostAhead = Math.max(mostAhead, taken - finished);
      yield i;
    }
  }
  const done: number[] = [];
  await eachInFlight(items(), 3, async (item) => {
    await new Promise((resolve) => setTimeout(resolve, (item * 7) % 5));
    done.push(item);
    finished++;
  });
  assert.equal([...done].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i), 'every item once');
  assert.ok(mostAhead <= 3, `${mostAhead} taken ahead of their task`);
});

test.run();
