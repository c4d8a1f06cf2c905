/**
 * The nightly run on lanes (infra/metrics/metrics-lanes.ts: worker threads with their own
 * connections) stores exactly what the run in one thread stores: two databases seeded alike,
 * one run each way at the same instant, every metric column, nightly audit row and notification
 * compared, and the lanes' audit rows name the job; a rerun on lanes writes nothing; lanes that cannot
 * start fail the opening and stop every thread.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { withWriteOrigin } from '../domain/audit/write-origin.js';
import { runNightlyMetrics } from '../domain/metrics/metrics-run.js';
import { DEFAULT_METRICS_SETTINGS } from '../domain/metrics/metrics-settings.js';
import { putSetting } from '../domain/settings/settings.js';
import { openMetricsLanes, runNightlyMetricsOnLanes, withMetricsLanes } from '../infra/metrics/metrics-lanes.js';
import { seedDatabase } from '../scripts/seed/seed-database.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { TEST_TIME_ZONE } from './support/jobs-worker.js';

const ASOF = new Date('2026-11-29T15:00:00Z');
let single: TestDatabase;
let laned: TestDatabase;

async function seeded(label: string): Promise<TestDatabase> {
  const database = await createTestDatabase(label);
  await seedDatabase({ databaseUrl: database.url, accounts: 400, seed: 20261130, months: 12, asOf: '2026-11-28' });
  // Small chunks, so the lanes get many of them, out of order.
  await putSetting(database.orm.em.fork(), 'metrics', { ...DEFAULT_METRICS_SETTINGS, chunkSize: 50 });
  return database;
}

test.before(async () => {
  [single, laned] = await Promise.all([seeded('metrics_single'), seeded('metrics_laned')]);
});
test.after(async () => {
  await Promise.all([single.drop(), laned.drop()]);
});

/** What a run leaves behind that it decides: the accounts' metric columns, its audit rows and its notifications. */
async function outcome(database: TestDatabase) {
  const { rows } = await sql<Record<string, string>>`
    select md5(string_agg(concat_ws('|', id, status, balance_cents, overdue_since, last_billing_date, vip,
             health_score, payment_compliance_percent), E'\n' order by id)) as accounts,
      (select count(*) from audit_log where user_name = 'nightly metrics')::text as nightly_audits,
      (select md5(coalesce(string_agg(concat_ws('|', action, entity_id, before::text, after::text), E'\n' order by entity_id, action, before::text), ''))
         from audit_log where user_name = 'nightly metrics') as audit_rows,
      (select md5(coalesce(string_agg(concat_ws('|', idempotency_key, payload::text), E'\n' order by idempotency_key), '')) from notification) as notifications
    from account`.execute(db(database.orm.em.fork()));
  return rows[0];
}

test('the run on two lanes stores what the run in one thread stores', async () => {
  const before = await outcome(single);
  assert.equal(await outcome(laned), before, 'the two databases start alike');
  const one = await runNightlyMetrics(single.orm, { timeZone: TEST_TIME_ZONE, asOf: ASOF });
  const two = await withWriteOrigin({ jobId: 'metrics:7' }, () => withMetricsLanes(laned.orm, 2, (lanes) => {
    assert.ok(lanes, 'two lanes asked for, two lanes opened');
    return runNightlyMetrics(laned.orm, { timeZone: TEST_TIME_ZONE, asOf: ASOF, chunkWorker: lanes.work, parallel: lanes.parallel });
  }));
  assert.ok(one.written > 0, 'the run had work to do');
  const { seconds: _a, ...oneCounts } = one;
  const { seconds: _b, ...twoCounts } = two;
  assert.equal(twoCounts, oneCounts);
  assert.equal(await outcome(laned), await outcome(single));
  assert.not.equal((await outcome(single)).accounts, before.accounts);
  // The lanes' audit rows name the job the run belongs to, as the run's own thread would.
  const origins = await db(laned.orm.em.fork()).selectFrom('audit_log').select('job_id').distinct()
    .where('user_name', '=', 'nightly metrics').execute();
  assert.equal(origins, [{ job_id: 'metrics:7' }]);
});

test('a rerun on lanes the same day writes nothing', async () => {
  const again = await runNightlyMetricsOnLanes(laned.orm, 2, { timeZone: TEST_TIME_ZONE, asOf: ASOF });
  assert.is(again.written, 0);
  assert.is(again.accounts, 400);
});

test('lanes that cannot start fail the opening with their error and leave no thread running', async () => {
  const workers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Worker').length;
  const running = workers();
  const nowhere = new URL(laned.url);
  nowhere.host = '127.0.0.1:1'; // nothing listens there (a missing database would be created on opening)
  let failure: unknown = null;
  try {
    const lanes = await openMetricsLanes(nowhere.toString(), 2);
    await lanes.close();
  } catch (error) {
    failure = error;
  }
  assert.instance(failure, Error, 'the opening fails');
  assert.match((failure as Error).message, /ECONNREFUSED/, 'with the lane\'s own reason');
  await new Promise((resolve) => setTimeout(resolve, 50)); // a terminated thread's handle goes at the next turn
  assert.is(workers(), running, 'every lane thread was stopped');
});

test.run();
