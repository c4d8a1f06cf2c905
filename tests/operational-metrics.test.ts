/**
 * GET /metrics carries what the alert rules of docs/operations.md#metrics-and-alerts read: HTTP latency by route,
 * queue depth and job outcomes, workflow update latency, outbox lag and SLA breaches, each moved by real work.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { apiToken } from './support/browser-session.js';
import { createUser, type TestServer } from './support/app-server.js';
import { sinkChannels, startTestJobsWorker, testRedisPrefix, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';
import { startServerWithWorker, type ServerWithWorker } from './support/server-with-worker.js';

const METRICS_TOKEN = randomBytes(24).toString('hex');
const prefix = testRedisPrefix('metrics');
let server: TestServer;
let app: ServerWithWorker;
let smtp: SmtpSink;
let sms: SmsSink;
let jobs: TestJobsWorker | undefined;

test.before(async () => {
  app = await startServerWithWorker('op_metrics', { METRICS_TOKEN, REDIS_PREFIX: prefix });
  ({ server } = app);
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
});
test.after(async () => {
  await jobs?.stop();
  await Promise.all([smtp.close(), sms.close()]);
  await app.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.is(response.status, 200);
  return response.text();
}

/** The value of one sample, `name{labels}` written exactly as prom-client prints it (labels in their declared order). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const rows = () => db(server.db.orm.em.fork());

test('a lifecycle through the API moves every deployment metric', async () => {
  const d = await createUser(server.db, 'dispatcher');
  const a = await createUser(server.db, 'agent');
  const [dispatcher, agent] = [await apiToken(server.baseUrl, d.email, d.password), await apiToken(server.baseUrl, a.email, a.password)];
  const technicianId = await insertTechnician(server.db.orm);
  const account = await insertMinimalAccount(server.db.orm);
  const call = async (path: string, token: string, body: unknown): Promise<{ status: number; body: { orderNumber?: string } }> => {
    const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { orderNumber?: string } };
  };
  const created = await call('/service-orders', agent, { accountNumber: account.accountNumber, type: 'repair', description: 'Leak', priority: 'high' });
  assert.is(created.status, 201);
  const order = created.body.orderNumber as string;

  // No relay runs yet: the order's outbox rows wait; one is made a minute and a half old.
  await rows().updateTable('outbox_message').set({ created_at: sql`now() - interval '90 seconds'` }).where('relayed_at', 'is', null).execute();
  await rows().updateTable('service_order').set({ overdue: true }).where('order_number', '=', order).execute();
  let text = await scrape();
  assert.ok((sample(text, 'cistern_outbox_lag_seconds') ?? 0) >= 90, 'outbox lag: the oldest waiting row');
  assert.ok((sample(text, 'cistern_outbox_pending') ?? 0) >= 1);
  assert.is(sample(text, 'cistern_service_orders_overdue{priority="high"}'), 1, 'SLA breaches by priority');
  assert.is(sample(text, 'cistern_metrics_source_up{source="postgres"}'), 1);
  assert.is(sample(text, 'cistern_metrics_source_up{source="redis"}'), 1);

  jobs = await startTestJobsWorker(server.db.orm, { prefix, channels: sinkChannels(smtp, sms), queues: ['notifications'], worker: { metrics: { maxDataPoints: 60 } } });
  await waitFor(async () => (await rows().selectFrom('service_order').select('workflow_state').where('order_number', '=', order).executeTakeFirstOrThrow()).workflow_state === 'running', 'the workflow to start');
  for (const [move, body] of [['assign', { technicianId }], ['schedule', { scheduledFor: new Date(Date.now() + 86400_000).toISOString() }], ['start', {}], ['complete', {}]] as const) {
    assert.is((await call(`/service-orders/${order}/${move}`, dispatcher, body)).status, 200, move);
  }
  await waitFor(() => smtp.received.length >= 3, 'the order’s notifications to be sent');
  // A job counts as completed once it has recorded the send, a moment after the peer has the e-mail.
  const completedJobs = 'cistern_jobs_total{queue="notifications",outcome="completed"}';
  await waitFor(async () => (sample(await scrape(), completedJobs) ?? 0) >= 3, 'the notification jobs to complete');

  text = await scrape();
  assert.ok((sample(text, 'cistern_http_request_seconds_count{method="POST",route="/api/v1/service-orders/:orderNumber/assign",status="200"}') ?? 0) >= 1, 'HTTP latency by route');
  assert.is(sample(text, 'cistern_workflow_update_seconds_count{update="complete",outcome="ok"}'), 1, 'update latency by update');
  assert.is(sample(text, 'cistern_workflow_update_seconds_count{update="assign",outcome="ok"}'), 1);
  assert.is(sample(text, 'cistern_outbox_lag_seconds'), 0, 'the relay caught up');
  assert.is(sample(text, 'cistern_service_orders_overdue{priority="high"}'), undefined, 'a completed order is no longer a breach');
  assert.ok((sample(text, completedJobs) ?? 0) >= 3, 'job outcomes');
  assert.is(sample(text, 'cistern_jobs_total{queue="notifications",outcome="failed"}'), 0);
  assert.ok(sample(text, 'cistern_queue_jobs{queue="notifications",state="waiting"}') !== undefined, 'queue depth');
  assert.ok(sample(text, 'cistern_queue_jobs{queue="metrics",state="failed"}') !== undefined);
});

test('a scrape while Redis does not answer still answers, with the Redis source reported down', async () => {
  server.deps.redis.disconnect();
  const text = await scrape();
  assert.is(sample(text, 'cistern_metrics_source_up{source="redis"}'), 0);
  assert.is(sample(text, 'cistern_metrics_source_up{source="postgres"}'), 1);
});

test.run();
