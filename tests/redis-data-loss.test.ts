/**
 * Redis losing its data mid-burst (docs/operations.md): the project's own keys are deleted
 * while notifications are being sent; the lost-job sweeper hands the waiting ones back to
 * the outbox relay and every notification is still sent exactly once. Also: the nightly
 * schedule Redis lost is put back.
 */
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Redis } from 'ioredis';
import { db as query } from '../domain/common/database.js';
import { sweepLostNotificationJobs } from '../infra/outbox/lost-job-sweeper.js';
import { logger } from '../infra/logger.js';
import { METRICS_SCHEDULER_ID, openJobQueues } from '../infra/queues/job-queues.js';
import { keepMetricsScheduled } from '../workers/jobs/metrics-scheduler.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { countStatements } from './support/statement-count.js';
import { readyRedis, sinkChannels, startTestJobsWorker, testRedisPrefix, waitFor, TEST_TIME_ZONE } from './support/jobs-worker.js';
import { enqueue, insertConsumer } from './support/notification-fixtures.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';

const BURST = 200;
let db: TestDatabase;
let smtp: SmtpSink;
let sms: SmsSink;
let redis: Redis;

test.before(async () => {
  db = await createTestDatabase('redis_loss');
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  redis = await readyRedis('redis-loss');
});
test.after(async () => {
  redis.disconnect();
  await Promise.all([smtp.close(), sms.close()]);
  await db.drop();
});

/** Deletes every key under `prefix` (and nothing else), as a flush of this deployment's data would. */
async function deleteKeys(prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

const statusCount = async (status: 'sent' | 'sending') => (await query(db.orm.em).selectFrom('notification')
  .select(sql<number>`count(*)::int`.as('n')).where('status', '=', status).executeTakeFirstOrThrow()).n;
const sentCount = () => statusCount('sent');

/** What a stuck burst looks like, for the failure message: notifications by status, outbox rows waiting. */
async function stateOfTheBurst() {
  const byStatus = await query(db.orm.em).selectFrom('notification').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute();
  const waiting = await query(db.orm.em).selectFrom('outbox_message').select(['id', 'attempts', 'last_error', 'available_at'])
    .where('relayed_at', 'is', null).limit(5).execute();
  return { byStatus, waiting };
}

test('a job that still exists is left alone', async () => {
  const prefix = testRedisPrefix('loss-kept');
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const id = await enqueue(db.orm, consumer.id, 'order_created', `order_created:kept:${consumer.id}`, { orderNumber: 'SO-1', type: 'repair' });
  const worker = await startTestJobsWorker(db.orm, { prefix, channels: sinkChannels(smtp, sms), queues: [] });
  try {
    await waitFor(async () => (await worker.queues.notifications.getJobCounts('waiting')).waiting === 1, 'the job to be enqueued');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.is(await sweepLostNotificationJobs(db.orm, worker.queues, { graceSeconds: 1 }), 0);
  } finally {
    await worker.stop();
    // Nobody consumes this queue: settle the notification so the next test's sweeps leave it be.
    await query(db.orm.em).updateTable('notification').set({ status: 'skipped' }).where('id', '=', id).execute();
  }
});

test('a sweep costs the same few statements however many jobs Redis lost (job ids come with the rows)', async () => {
  const prefix = testRedisPrefix('loss-many');
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const ids: number[] = [];
  for (let i = 0; i < 30; i++) ids.push(await enqueue(db.orm, consumer.id, 'order_created', `order_created:many-${i}:${consumer.id}`, { orderNumber: `SO-${i}`, type: 'repair' }));
  const worker = await startTestJobsWorker(db.orm, { prefix, channels: sinkChannels(smtp, sms), queues: [] });
  try {
    await waitFor(async () => (await worker.queues.notifications.getJobCounts('waiting')).waiting === 30, 'the jobs to be enqueued');
  } finally {
    await worker.stop(); // nothing else may query while the statements are counted
  }
  await deleteKeys(prefix);
  const queues = openJobQueues(redis, prefix);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    let handedBack = 0;
    const { count, statements } = await countStatements(async () => {
      handedBack = await sweepLostNotificationJobs(db.orm, queues, { graceSeconds: 1 });
    });
    assert.is(handedBack, 30);
    assert.is(count, 4, statements.join('\n')); // begin, the rows with their job ids, the hand-back, commit
  } finally {
    await queues.close();
    await query(db.orm.em).updateTable('notification').set({ status: 'skipped' }).where('id', 'in', ids).execute();
  }
});

test(`${BURST} notifications, the project's Redis keys deleted mid-burst: each is still sent exactly once`, async () => {
  const prefix = testRedisPrefix('loss');
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const keys: string[] = [];
  for (let i = 0; i < BURST; i++) {
    keys.push(`order_created:loss-${i}:${consumer.id}`);
    await enqueue(db.orm, consumer.id, 'order_created', keys[i], { orderNumber: `SO-${i}`, type: 'repair' });
  }
  const worker = await startTestJobsWorker(db.orm, { prefix, channels: sinkChannels(smtp, sms), queues: ['notifications'], worker: { concurrency: 2 } });
  try {
    await waitFor(async () => (await sentCount()) >= 20, 'the burst to be under way');
    const deleted = await deleteKeys(prefix);
    const sentAtLoss = await sentCount();
    assert.ok(deleted > 0 && sentAtLoss < BURST, `mid-burst: ${sentAtLoss} sent, ${deleted} keys deleted`);
    // Sends already under way finish and are recorded in PostgreSQL (Redis is not needed for that);
    // the sweeper's grace (120 s in production, 1 s here) is there to leave them alone.
    await waitFor(async () => (await statusCount('sending')) === 0, 'the sends under way to finish', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // The worker process sweeps once a minute; here every 2 s (grace 1 s) until all are sent.
    let handedBack = 0;
    const deadline = Date.now() + 120_000;
    while ((await sentCount()) < BURST) {
      if (Date.now() > deadline) assert.unreachable(`not all sent: ${JSON.stringify(await stateOfTheBurst())}`);
      handedBack += await sweepLostNotificationJobs(db.orm, worker.queues, { graceSeconds: 1 });
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    assert.ok(handedBack > 0, 'the sweeper found jobs Redis lost');
    assert.is(await sweepLostNotificationJobs(db.orm, worker.queues, { graceSeconds: 0 }), 0, 'nothing left to hand back');
  } finally {
    await worker.stop();
  }
  const received = smtp.received.map((m) => m.messageId);
  assert.is(received.length, BURST, 'one e-mail per notification');
  assert.is(new Set(received).size, BURST, 'no Message-ID twice');
  const waiting = await query(db.orm.em).selectFrom('outbox_message').select(sql<number>`count(*)::int`.as('n'))
    .where('relayed_at', 'is', null).executeTakeFirstOrThrow();
  assert.is(waiting.n, 0, 'no outbox row left behind');
});

test('the nightly schedule Redis lost is upserted again within one check', async () => {
  const prefix = testRedisPrefix('loss-schedule');
  const worker = await startTestJobsWorker(db.orm, { prefix, channels: sinkChannels(smtp, sms), queues: [], relay: false });
  const stop = keepMetricsScheduled(worker.queues.metrics, db.orm, TEST_TIME_ZONE, logger(), 200);
  try {
    await waitFor(() => worker.queues.metrics.getJobScheduler(METRICS_SCHEDULER_ID), 'the first schedule');
    await deleteKeys(prefix);
    assert.is(await worker.queues.metrics.getJobScheduler(METRICS_SCHEDULER_ID), undefined);
    await waitFor(() => worker.queues.metrics.getJobScheduler(METRICS_SCHEDULER_ID), 'the schedule to be back');
  } finally {
    stop();
    await worker.stop();
  }
});

test.run();
