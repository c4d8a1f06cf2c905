/**
 * The nightly run's rules on hand-made accounts (docs/rules.md#nightly-metrics: into collection after 60 days
 * overdue, back to active when paid in full; a VIP pin beats the rule; the reading sweep),
 * and the run as a job: on demand through the API with its progress, and on the Job
 * Scheduler's cron in the utility's time zone.
 */
import { utilityDaysAgo } from './support/time-zone.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { METRICS_SCHEDULER_ID } from '../infra/queues/job-queues.js';
import { logger } from '../infra/logger.js';
import { PermanentChannelError, type ChannelSenders } from '../domain/notifications/notification-channel.js';
import { DEFAULT_METRICS_SETTINGS } from '../domain/metrics/metrics-settings.js';
import { runNightlyMetrics } from '../domain/metrics/metrics-run.js';
import { reallocateAccount } from '../domain/billing/payment-allocations.js';
import { putSetting } from '../domain/settings/settings.js';
import { keepMetricsScheduled } from '../workers/jobs/metrics-scheduler.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken } from './support/browser-session.js';
import { startTestJobsWorker, testRedisPrefix, TEST_TIME_ZONE, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let worker: TestJobsWorker;
let admin: string;
let agent: string;
/** A day as the nightly run counts it: the utility's local calendar day, `daysAgo` days back. */
const day = (daysAgo: number) => utilityDaysAgo(daysAgo);
const rows = () => db(server.db.orm.em);
const refuse = { channel: 'email', dedupesByKey: false, send: async () => { throw new PermanentChannelError('not in this test'); } } as const;
const noChannels: ChannelSenders = { email: refuse, sms: { ...refuse, channel: 'sms' } };

test.before(async () => {
  const prefix = testRedisPrefix('metrics-jobs');
  server = await startTestServer('metrics_jobs', {}, { REDIS_PREFIX: prefix });
  worker = await startTestJobsWorker(server.db.orm, { prefix, channels: noChannels, relay: false, queues: ['metrics'] });
  const a = await createUser(server.db, 'admin', 'metrics-admin@example.com');
  const g = await createUser(server.db, 'agent', 'metrics-agent@example.com');
  admin = await apiToken(server.baseUrl, a.email, a.password);
  agent = await apiToken(server.baseUrl, g.email, g.password);
});
test.after(async () => {
  await worker.stop();
  await server.close();
});

/** A bill of `cents` due `dueDaysAgo` days ago (issued three weeks before). */
async function bill(accountId: number, dueDaysAgo: number, cents: number): Promise<number> {
  const row = await rows().insertInto('bill').values({
    account_id: accountId, period_start: day(dueDaysAgo + 51), period_end: day(dueDaysAgo + 22), issued_at: day(dueDaysAgo + 21),
    due_date: day(dueDaysAgo), amount_cents: cents, usage: 3000, created_at: sql`now()`,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
async function pay(accountId: number, billId: number, cents: number, reference: string) {
  await rows().insertInto('payment').values({
    account_id: accountId, bill_id: billId, reference, paid_at: sql`now()`, amount_cents: cents, method: 'ach', status: 'processed', created_at: sql`now()`,
  }).execute();
  await reallocateAccount(server.db.orm.em.fork(), accountId, TEST_TIME_ZONE); // what recordPayment would have written
}
// `overdue_since` is a date column: it comes back as its 'YYYY-MM-DD' string.
const account = (id: number) =>
  rows().selectFrom('account').select(['status', 'vip', 'overdue_since']).where('id', '=', id).executeTakeFirstOrThrow();
const run = () => runNightlyMetrics(server.db.orm, { timeZone: TEST_TIME_ZONE });

test('an active account overdue more than 60 days goes to collection, and back to active once paid in full', async () => {
  const late = await insertMinimalAccount(server.db.orm);
  const lateBill = await bill(late.id, 61, 5000);
  const borderline = await insertMinimalAccount(server.db.orm);
  await bill(borderline.id, 60, 5000);
  const partly = await insertMinimalAccount(server.db.orm, { status: 'collection' });
  const partlyBill = await bill(partly.id, 90, 8000);
  const disconnected = await insertMinimalAccount(server.db.orm, { status: 'disconnected' });
  await bill(disconnected.id, 120, 5000);

  const first = await run();
  assert.is((await account(late.id)).status, 'collection');
  assert.is((await account(late.id)).overdue_since, day(61));
  assert.is((await account(borderline.id)).status, 'active', '60 days is not more than 60');
  assert.is((await account(disconnected.id)).status, 'disconnected', 'only active accounts are moved by the job');
  assert.ok(first.toCollection >= 1);
  const audits = await rows().selectFrom('audit_log').select('after').where('action', '=', 'account.status').where('entity_id', '=', late.accountNumber).execute();
  assert.equal(audits.map((a) => a.after?.status), ['collection']);
  const notices = await rows().selectFrom('notification').select('idempotency_key')
    .where('event', '=', 'balance_overdue').where('account_id', 'in', [late.id, borderline.id]).execute();
  assert.equal(notices.map((n) => n.idempotency_key).sort(),
    [`balance_overdue:${borderline.accountNumber}:${day(60)}`, `balance_overdue:${late.accountNumber}:${day(61)}`].sort());

  await pay(late.id, lateBill, 5000, `PAY-LATE-${late.id}`);
  await pay(partly.id, partlyBill, 4000, `PAY-PART-${partly.id}`);
  const second = await run();
  assert.is((await account(late.id)).status, 'active', 'paid in full → active');
  assert.is((await account(late.id)).overdue_since, null);
  assert.is((await account(partly.id)).status, 'collection', 'half paid stays in collection');
  assert.ok(second.toActive >= 1);
  assert.is((await run()).written, 0, 'and nothing moves on a rerun');
});

test('a VIP pin beats the rule, either way', async () => {
  const pinnedOn = await insertMinimalAccount(server.db.orm);
  await rows().updateTable('account').set({ vip_pinned: true, vip_pin_reason: 'Hospital' }).where('id', '=', pinnedOn.id).execute();
  await run();
  const on = await account(pinnedOn.id);
  assert.is(on.vip, true);
  // The reasons are not stored on the row (the profile computes them); the VIP change's audit entry keeps them.
  const gained = await rows().selectFrom('audit_log').select('after')
    .where('action', '=', 'account.vip').where('entity_id', '=', pinnedOn.accountNumber).executeTakeFirstOrThrow();
  assert.is((gained.after?.reasons as string[] | undefined)?.[0], 'Pinned on by an admin: Hospital');
  await rows().updateTable('account').set({ vip_pinned: false, vip_pin_reason: 'Asked not to be' }).where('id', '=', pinnedOn.id).execute();
  await run();
  assert.is((await account(pinnedOn.id)).vip, false);
});

test('the reading sweep tells a consumer about a flagged reading nobody told them about, once, and counts missed reads', async () => {
  const meterOwner = await insertMinimalAccount(server.db.orm);
  const reading = await rows().insertInto('reading').values({
    meter_id: meterOwner.meterId, account_id: meterOwner.id, read_at: day(1), value: 150000, consumption: 50000,
    verification_status: 'pending', flags: ['high'], created_at: sql`now()`,
  }).returning('id').executeTakeFirstOrThrow();
  const silent = await insertMinimalAccount(server.db.orm);
  await putSetting(server.db.orm.em.fork(), 'metrics', { ...DEFAULT_METRICS_SETTINGS, chunkSize: 50 });
  const result = await run();
  assert.is(result.sweep.anomalyNoticesQueued, 1);
  const notice = await rows().selectFrom('notification').select('payload').where('idempotency_key', '=', `anomalous_reading:${reading.id}`).executeTakeFirstOrThrow();
  assert.equal({ meter: notice.payload.meterNumber, flags: notice.payload.flags }, { meter: meterOwner.meterNumber, flags: ['high'] });
  assert.ok(result.sweep.missedReads >= 1);
  assert.ok(result.sweep.missedReadSample.includes(silent.meterNumber) || result.sweep.missedReads > 20, 'a meter never read is a missed read');
  assert.is((await run()).sweep.anomalyNoticesQueued, 0, 'told once');
});

async function call(method: string, path: string, token: string) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

test('POST /jobs/metrics runs it now (202 + jobId); GET /jobs/{id} shows state and progress to 100', async () => {
  assert.is((await call('POST', '/jobs/metrics', agent)).status, 403);
  const accepted = await call('POST', '/jobs/metrics', admin);
  assert.is(accepted.status, 202);
  const jobId = accepted.body.jobId as string;
  assert.type(jobId, 'string');
  const seen = new Set<number>();
  const done = await waitFor(async () => {
    const status = await call('GET', `/jobs/${jobId}`, admin);
    assert.is(status.status, 200);
    seen.add(status.body.progress);
    return status.body.state === 'completed' ? status.body : null;
  }, 'the metrics job to complete', 60_000);
  assert.is(done.progress, 100);
  assert.equal(done.detail.phase, 'done');
  assert.ok(done.result.accounts >= 1);
  assert.is((await call('GET', '/jobs/no-such-job', admin)).status, 404);
});

test('the Job Scheduler runs it at 02:00 utility time by default, and follows a changed setting', async () => {
  await putSetting(server.db.orm.em.fork(), 'metrics', DEFAULT_METRICS_SETTINGS);
  const stop = keepMetricsScheduled(worker.queues.metrics, server.db.orm, TEST_TIME_ZONE, logger(), 100);
  try {
    const scheduler = await waitFor(() => worker.queues.metrics.getJobScheduler(METRICS_SCHEDULER_ID), 'the scheduler');
    assert.is(scheduler.pattern, '0 2 * * *');
    assert.is(scheduler.tz, TEST_TIME_ZONE);
    const next = new Intl.DateTimeFormat('en-US', { timeZone: TEST_TIME_ZONE, hour: 'numeric', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Number(scheduler.next)));
    assert.is(next, '02:00');
    await putSetting(server.db.orm.em.fork(), 'metrics', { ...DEFAULT_METRICS_SETTINGS, cron: '30 3 * * *' });
    await waitFor(async () => (await worker.queues.metrics.getJobScheduler(METRICS_SCHEDULER_ID))?.pattern === '30 3 * * *', 'the new cron');
  } finally {
    stop();
  }
});

test.run();
