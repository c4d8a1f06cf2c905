/**
 * The outbox's BullMQ leg while Redis is unreachable (docs/architecture.md): the writes that
 * queue notifications still commit, the relay fails fast and leaves each row waiting
 * with backoff, and once Redis answers every row becomes exactly one job, each
 * notification sent once, even when the relay delivers a row twice.
 */
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db as query } from '../domain/common/database.js';
import { openJobQueues, type JobQueues } from '../infra/queues/job-queues.js';
import { bullmqHandlers, createOutboxRelay } from '../infra/outbox/outbox-relay.js';
import { openRedis } from '../infra/queues/redis-connection.js';
import { logger } from '../infra/logger.js';
import { assertCatalogueComplete, enqueuedJobs, JOB_CATALOGUE } from '../workers/jobs/job-catalogue.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { readyRedis, sinkChannels, startTestJobsWorker, testRedisPrefix, waitFor } from './support/jobs-worker.js';
import { createUser, startTestServer } from './support/app-server.js';
import { apiToken } from './support/browser-session.js';
import { enqueue, insertConsumer, insertQueuedNotification } from './support/notification-fixtures.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let db: TestDatabase;
let smtp: SmtpSink;
let sms: SmsSink;
let deadRedis: Redis;
let liveRedis: Redis;
let deadQueues: JobQueues;
let liveQueues: JobQueues;
const prefix = testRedisPrefix('outbox');
const realClock = { timeZone: TEST_TIME_ZONE, now: () => new Date() }; // email only: quiet hours never hold these

test.before(async () => {
  db = await createTestDatabase('outbox_bullmq');
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  deadRedis = openRedis('redis://127.0.0.1:1', 'nobody-home');
  deadQueues = openJobQueues(deadRedis, prefix);
  liveRedis = await readyRedis('outbox-live');
  liveQueues = openJobQueues(liveRedis, prefix);
});
test.after(async () => {
  await Promise.all([deadQueues.close(), liveQueues.close()]);
  deadRedis.disconnect();
  liveRedis.disconnect();
  await Promise.all([smtp.close(), sms.close()]);
  await db.drop();
});

const pending = () => query(db.orm.em).selectFrom('outbox_message').select(['id', 'attempts', 'last_error'])
  .where('relayed_at', 'is', null).where('target', '=', 'bullmq').orderBy('id').execute();

test('every job the relay or the scheduler can enqueue has a handler (the worker\'s boot check)', () => {
  assertCatalogueComplete();
  for (const { queue, name } of enqueuedJobs()) assert.type(JOB_CATALOGUE[queue][name], 'function', `${queue}/${name}`);
});

test('with Redis unreachable, notifications are still queued in Postgres and the relay leaves them waiting, fast', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  for (let i = 0; i < 20; i++) await enqueue(db.orm, consumer.id, 'order_created', `order_created:outage-${i}`, { orderNumber: `SO-${i}`, type: 'repair' });
  const relay = createOutboxRelay({ orm: db.orm, log: logger(), handlers: bullmqHandlers(deadQueues, realClock) });
  const started = performance.now();
  assert.is(await relay.relayDue(), 0);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 2000, `the relay pass gave up in ${elapsed.toFixed(0)} ms, not hanging on Redis`);
  const rows = await pending();
  assert.is(rows.length, 20);
  assert.ok(rows.every((row) => row.attempts === 1 && /not reachable/.test(row.last_error ?? '')), JSON.stringify(rows[0]));
  const { later } = await query(db.orm.em).selectFrom('outbox_message').select(sql<boolean>`bool_and(available_at > now())`.as('later'))
    .where('relayed_at', 'is', null).executeTakeFirstOrThrow();
  assert.ok(later, 'each row backs off before its next try');
  assert.is(await relay.relayDue(), 0, 'nothing is due again yet');
});

test('once Redis answers, each waiting row is relayed once, and a row relayed twice still makes one job', async () => {
  const relay = createOutboxRelay({ orm: db.orm, log: logger(), handlers: bullmqHandlers(liveQueues, realClock) });
  await query(db.orm.em).updateTable('outbox_message').set({ available_at: sql`now()` }).where('relayed_at', 'is', null).execute(); // skip the backoff wait
  assert.is(await relay.relayDue(), 20);
  assert.is((await pending()).length, 0);
  // A relay that crashed after `add` but before marking the rows: they are delivered again.
  await query(db.orm.em).updateTable('outbox_message').set({ relayed_at: null, available_at: sql`now()` }).where('target', '=', 'bullmq').execute();
  assert.is(await relay.relayDue(), 20);
  const counts = await liveQueues.notifications.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
  assert.is(Object.values(counts).reduce((sum, n) => sum + n, 0), 20, `one job per row: ${JSON.stringify(counts)}`);
});

test('the relayed jobs send each notification once', async () => {
  const worker = await startTestJobsWorker(db.orm, { prefix, channels: sinkChannels(smtp, sms), relay: false, queues: ['notifications'] });
  try {
    await waitFor(async () => {
      const row = await query(db.orm.em).selectFrom('notification').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow();
      return row.n === 20;
    }, 'all 20 sent');
    const ids = smtp.received.map((m) => m.messageId);
    assert.is(ids.length, 20);
    assert.is(new Set(ids).size, 20);
  } finally {
    await worker.stop();
  }
});

test('the API with Redis down: a retry still commits (its intent waits in the outbox); running a job answers 503', async () => {
  const server = await startTestServer('outbox_api_down', { redis: openRedis('redis://127.0.0.1:1', 'api-nobody-home') });
  try {
    const user = await createUser(server.db, 'admin', 'down-admin@example.com');
    const token = await apiToken(server.baseUrl, user.email, user.password);
    const consumer = await insertConsumer(server.db.orm, { channel: 'email' });
    const id = await insertQueuedNotification(server.db.orm, consumer.id, 'order_created', `order_created:down:${consumer.id}`, {});
    await query(server.db.orm.em).updateTable('notification').set({ status: 'failed' }).where('id', '=', id).execute();
    const post = (path: string) => fetch(`${server.baseUrl}/api/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const retried = await post(`/notifications/${id}/retry`);
    assert.is(retried.status, 200);
    assert.is(((await retried.json()) as { status: string }).status, 'queued');
    const intent = await query(server.db.orm.em).selectFrom('outbox_message').select(['relayed_at', 'attempts'])
      .where('kind', '=', 'send_notification').where(sql<string>`payload->>'notificationId'`, '=', String(id)).executeTakeFirstOrThrow();
    assert.equal(intent, { relayed_at: null, attempts: 1 }, 'tried once at once, waiting for the relay');
    const run = await post('/jobs/metrics');
    assert.is(run.status, 503);
    assert.is(((await run.json()) as { error: { code: string } }).error.code, 'service_unavailable');
    const status = await fetch(`${server.baseUrl}/api/v1/jobs/1`, { headers: { authorization: `Bearer ${token}` } });
    assert.is(status.status, 503);
  } finally {
    await server.close();
  }
});

test.run();
