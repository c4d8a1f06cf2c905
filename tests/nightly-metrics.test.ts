/**
 * The nightly metrics run (docs/rules.md#nightly-metrics) on 2,000 generated accounts with 24 months of
 * history: what it stores for EVERY account equals what the profile's domain functions
 * compute for that account; a second run the same day changes nothing, and keeps the day's VIP bar.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { collectionStatusChange } from '../domain/billing/balance.js';
import { findAccountRecord } from '../domain/accounts/account-record.js';
import { loadAccountFacts } from '../domain/accounts/account-facts.js';
import { accountInsights } from '../domain/accounts/account-insights.js';
import { computeConsumptionBar, forgetConsumptionBars } from '../domain/readings/consumption-bar.js';
import { runNightlyMetrics } from '../domain/metrics/metrics-run.js';
import { sqlDay } from '../domain/common/sql-values.js';
import { db } from '../domain/common/database.js';
import { sql } from 'kysely';
import { seedDatabase } from '../scripts/seed/seed-database.js';
import { startTestServer, type TestServer } from './support/app-server.js';
import { TEST_TIME_ZONE } from './support/jobs-worker.js';

let server: TestServer;
const query = () => db(server.db.orm.em.fork());

test.before(async () => {
  server = await startTestServer('nightly_metrics');
  await seedDatabase({ databaseUrl: server.db.url, accounts: 2000, seed: 20261128, months: 24 });
});
test.after(async () => {
  await server.close();
});

/** What the run stored on every account, oldest first. */
const storedMetrics = () => query().selectFrom('account')
  .select(['account_number', 'status', 'payment_compliance_percent', 'health_score', 'vip', 'balance_cents', 'overdue_since'])
  .orderBy('id').execute();
type Stored = Awaited<ReturnType<typeof storedMetrics>>[number];

/** Every account against `loadAccountFacts` + `accountInsights`, the profile's own path, a few at a time. */
async function compareEveryAccount(asOf: Date): Promise<number> {
  forgetConsumptionBars();
  const rows = await storedMetrics();
  const compare = async (row: Stored) => {
    const em = server.db.orm.em.fork();
    const record = await findAccountRecord(em, row.account_number);
    const insights = accountInsights(await loadAccountFacts(em, record, asOf), asOf, TEST_TIME_ZONE, record.vipSettings);
    const where = `account ${row.account_number}`;
    assert.is(row.payment_compliance_percent === null ? null : Number(row.payment_compliance_percent), insights.compliance.percent, `${where} compliance`);
    assert.is(row.health_score, insights.health.score, `${where} health score`);
    assert.is(row.vip, insights.vip.vip, `${where} VIP`);
    assert.is(Number(row.balance_cents), insights.balance.balanceCents, `${where} balance`);
    assert.is(row.overdue_since, insights.balance.overdueSince ? sqlDay(insights.balance.overdueSince) : null, `${where} overdue since`);
    assert.is(collectionStatusChange(row.status, insights.balance), null, `${where}: status ${row.status} is where docs/rules.md#nightly-metrics puts it`);
  };
  for (let i = 0; i < rows.length; i += 4) await Promise.all(rows.slice(i, i + 4).map(compare));
  return rows.length;
}

/** Everything the run may write, in one text: equal digests, nothing changed. */
async function digest(): Promise<string> {
  // Whole rows as text have no builder: the digest is one `sql` expression.
  const row = await query().selectNoFrom(sql<string>`md5(
      (select string_agg(a::text, '|' order by a.id) from account a) ||
      (select count(*)::text from audit_log) || (select count(*)::text from notification) || (select count(*)::text from outbox_message) ||
      (select string_agg(s::text, '|' order by s.day) from dashboard_snapshot s))`.as('d')).executeTakeFirstOrThrow();
  return row.d;
}

test('the stored compliance, health score and VIP of every account equal what the domain computes', async () => {
  const { n } = await query().selectFrom('account').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const result = await runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE });
  assert.is(result.accounts, n);
  assert.ok(result.written > 0, 'the first run fills the metrics');
  assert.is(result.skippedConcurrent, 0);
  const compared = await compareEveryAccount(new Date(result.asOf));
  assert.ok(compared >= 2000, `${compared} accounts compared`);
  const { filled } = await query().selectFrom('account').select(sql<number>`count(*)::int`.as('filled'))
    .where('health_score', 'is not', null).executeTakeFirstOrThrow();
  assert.is(filled, n);
  const snapshot = await query().selectFrom('dashboard_snapshot').select('totals').where('day', '=', result.day).executeTakeFirstOrThrow();
  assert.is(snapshot.totals.totalAccounts, n);
  assert.ok(snapshot.totals.readings, 'the sweep counts are kept with the snapshot');
});

test('a second run the same day changes nothing', async () => {
  const before = await digest();
  const again = await runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE });
  assert.is(again.written, 0);
  assert.is(again.overdueNotices, 0);
  assert.is(again.sweep.anomalyNoticesQueued, 0);
  assert.is(again.snapshot.changed, false);
  assert.is(await digest(), before);
});

test('counters that drifted from the accounts are found and rebuilt by the run', async () => {
  const tally = () => query().selectFrom('account_tally').select(sql<number>`sum(accounts)::int`.as('accounts')).executeTakeFirstOrThrow();
  const right = await tally();
  await query().updateTable('account_tally').set((eb) => ({ accounts: eb('accounts', '+', 3) }))
    .where('shard', '=', 0).where('status', '=', 'active').execute();
  assert.is.not((await tally()).accounts, right.accounts, 'the drift is planted');
  const run = await runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE });
  assert.is(run.snapshot.tallyRebuilt, true);
  assert.equal(await tally(), right);
  const clean = await runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE });
  assert.is(clean.snapshot.tallyRebuilt, false);
});

test('flagged readings loaded without their notice are told once by the sweep; a reading already told is not told again', async () => {
  const meter = await query().selectFrom('meter_assignment as ma').innerJoin('service_connection as sc', 'sc.id', 'ma.connection_id')
    .select(['ma.meter_id', 'sc.account_id']).where('ma.unassigned_at', 'is', null).orderBy('ma.id').executeTakeFirstOrThrow();
  const today = sqlDay(new Date());
  const flaggedReading = () => query().insertInto('reading').values({
    meter_id: meter.meter_id, account_id: meter.account_id, read_at: today, value: 999_999, verification_status: 'pending',
    flags: ['high'], source: 'manual', meter_replaced: false, created_at: sql<Date>`now()`,
  }).returning('id').executeTakeFirstOrThrow();
  const told = await flaggedReading();
  const untold = await flaggedReading();
  await query().insertInto('notification').values({
    account_id: meter.account_id, event: 'anomalous_reading', status: 'sent', idempotency_key: `anomalous_reading:${told.id}`,
    payload: sql`'{}'::jsonb`, attempts: 1, created_at: sql<Date>`now()`, updated_at: sql<Date>`now()`,
  }).execute();
  const run = await runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE });
  assert.is(run.sweep.anomalyNoticesQueued, 1);
  const notices = await query().selectFrom('notification').select('idempotency_key')
    .where('idempotency_key', 'in', [`anomalous_reading:${told.id}`, `anomalous_reading:${untold.id}`]).orderBy('id').execute();
  assert.equal(notices.map((n) => n.idempotency_key), [`anomalous_reading:${told.id}`, `anomalous_reading:${untold.id}`]);
  assert.is((await runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE })).sweep.anomalyNoticesQueued, 0, 'told once');
});

// Last: it takes accounts out of the active population behind the counters' back.
test('a rerun the same day keeps the day\'s VIP bar though the active population changed since the first run', async () => {
  const first = await runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE });
  const stored = await query().selectFrom('consumption_bar').select(['percentile', 'bar', 'day']).executeTakeFirstOrThrow();
  assert.is(stored.day, first.day, 'the run names the day its bar is for');
  assert.is(Number(stored.bar), first.consumptionBar);
  const vipBefore = await query().selectFrom('account').select(['id', 'vip']).orderBy('id').execute();
  // What a first run does when it moves accounts to collection: they leave the bar's population. Here
  // 300 low users leave it, which raises the bar a recomputing rerun would use.
  const lowUsers = query().selectFrom('account').select('id').where('status', '=', 'active').where('vip', '=', false).orderBy('id').limit(300);
  await query().updateTable('account').set({ status: 'inactive' }).where('id', 'in', lowUsers).execute();
  const recomputed = await computeConsumptionBar(server.db.orm.em.fork(), stored.percentile, new Date(first.asOf));
  assert.ok((recomputed as number) > (first.consumptionBar as number), `the population's bar moved (${first.consumptionBar} → ${recomputed})`);
  const again = await runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE });
  assert.is(again.day, first.day);
  assert.is(again.consumptionBar, first.consumptionBar, 'the rerun reuses the day\'s bar');
  assert.equal(await query().selectFrom('account').select(['id', 'vip']).orderBy('id').execute(), vipBefore, 'no VIP decision moved');
});

test.run();
