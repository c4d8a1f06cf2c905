/**
 * At most once (docs/rules.md#notifications) when a worker dies mid-job: a BullMQ worker sends, then hangs
 * and is force-closed before recording (as a killed process would), its lock expires, and
 * a second worker picks the stalled job up. Where the provider honours idempotency keys
 * (SMS) the message is sent once and recorded; where it cannot (SMTP) nothing is sent
 * twice: an email cut off before its end-of-data mark is sent again (the server never
 * accepted it), one cut off after it waits for an admin as `failed`.
 */
import { Worker } from 'bullmq';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openJobQueues, type JobQueues } from '../infra/queues/job-queues.js';
import { logger } from '../infra/logger.js';
import type { ChannelSenders } from '../domain/notifications/notification-channel.js';
import { messageIdFor } from '../infra/channels/email-sender.js';
import { handlerFor } from '../workers/jobs/job-catalogue.js';
import type { JobServices } from '../workers/jobs/job-services.js';
import { sendNotificationJob } from '../workers/jobs/send-notification.job.js';
import { workerConnection } from '../infra/queues/worker-connection.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { readyRedis, sinkChannels, testRedisPrefix, TEST_REDIS_URL, TEST_TIME_ZONE, waitFor } from './support/jobs-worker.js';
import { communicationsOf, insertConsumer, insertQueuedNotification, notificationRow } from './support/notification-fixtures.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';
import type { Redis } from 'ioredis';

let db: TestDatabase;
let smtp: SmtpSink;
let sms: SmsSink;
let producer: Redis;
let channels: ChannelSenders;
const closers: Array<() => Promise<unknown> | unknown> = [];

test.before(async () => {
  db = await createTestDatabase('notif_crash');
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  producer = await readyRedis('crash-producer');
  channels = sinkChannels(smtp, sms);
});
test.after(async () => {
  for (const close of closers.reverse()) await close();
  await Promise.allSettled([channels.email.close?.(), channels.sms.close?.()]);
  producer.disconnect();
  await Promise.all([smtp.close(), sms.close()]);
  await db.drop();
});

const services = (senders: ChannelSenders, prefix: string): JobServices => ({ channels: senders, redis: producer, redisPrefix: prefix, timeZone: TEST_TIME_ZONE, sendTimeoutMs: 100 });

// The stalled check is rate-limited per queue by the interval of whichever worker ran it last: all use 300 ms.
function startWorker(prefix: string, senders: ChannelSenders) {
  const connection = workerConnection(TEST_REDIS_URL);
  const worker = new Worker('notifications', (job) => handlerFor('notifications', job.name)(job, { orm: db.orm, log: logger(), services: services(senders, prefix) }),
    { connection, prefix, lockDuration: 1000, stalledInterval: 300, maxStalledCount: 1 });
  worker.on('error', () => undefined);
  closers.push(async () => { await worker.close(true); connection.disconnect(); });
  return worker;
}

/** The real channel for `channel`, except that after the provider accepted it never returns: the process "died". */
function dyingAfterSend(channel: 'email' | 'sms') {
  let accepted!: () => void;
  const sent = new Promise<void>((resolve) => { accepted = resolve; });
  const senders: ChannelSenders = {
    ...channels,
    [channel]: { ...channels[channel], async send(message: Parameters<ChannelSenders['sms']['send']>[0]) {
      await channels[channel].send(message);
      accepted();
      return new Promise(() => undefined);
    } },
  };
  return { senders, sent };
}

async function crashAfterSend(channel: 'email' | 'sms', prefix: string, notificationId: number): Promise<JobQueues> {
  const queues = openJobQueues(producer, prefix);
  closers.push(() => queues.close());
  const dying = dyingAfterSend(channel);
  const first = startWorker(prefix, dying.senders);
  await queues.add('notifications', 'send_notification', { notificationId }, { attempts: 3, backoff: { type: 'exponential', delay: 100 } });
  await dying.sent;
  await first.close(true); // killed: no record, no ack, its lock left to expire
  assert.is((await notificationRow(db.orm, notificationId)).status, 'sending', 'claimed, sent, never recorded');
  startWorker(prefix, channels);
  return queues;
}

test('SMS: a worker killed after the provider accepted, before recording — the stalled job is redone and the SMS is sent once', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'sms' });
  const key = `order_created:crash-sms:${consumer.id}`;
  const id = await insertQueuedNotification(db.orm, consumer.id, 'order_created', key, { orderNumber: 'SO-5', type: 'repair' });
  await crashAfterSend('sms', testRedisPrefix('notif-crash-sms'), id);
  await waitFor(async () => (await notificationRow(db.orm, id)).status === 'sent', 'the redone job to record the SMS');
  const row = await notificationRow(db.orm, id);
  assert.is(sms.requests.filter((r) => r.key === key).length, 2, 'the provider was asked twice with the same key');
  const delivered = sms.messages.filter((m) => m.key === key);
  assert.is(delivered.length, 1, 'and sent it once');
  assert.is(row.provider_message_id, delivered[0].id, 'the first message\'s id is recorded');
  assert.is(row.attempts, 2);
  assert.is((await communicationsOf(db.orm, id)).length, 1);
});

test('email: the same crash never sends a second copy; the notification is failed "delivery unknown" for an admin', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const key = `order_created:crash-email:${consumer.id}`;
  const id = await insertQueuedNotification(db.orm, consumer.id, 'order_created', key, { orderNumber: 'SO-6', type: 'repair' });
  await crashAfterSend('email', testRedisPrefix('notif-crash-email'), id);
  await waitFor(async () => (await notificationRow(db.orm, id)).status === 'failed', 'the redone job to give up');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const messageId = messageIdFor(key, 'Cistern Water <notifications@cistern.example>');
  assert.is(smtp.received.filter((m) => m.messageId === messageId).length, 1, 'one email, not two');
  assert.match((await notificationRow(db.orm, id)).last_error ?? '', /may or may not have been delivered/);
  assert.is((await communicationsOf(db.orm, id)).length, 0, 'not claimed as sent in the Communication tab');
});

/** The real email channel, except that the message's end never leaves: the process "died" mid-message. */
function dyingBeforeHandOver() {
  let reachedEnd!: () => void;
  const atEnd = new Promise<void>((resolve) => { reachedEnd = resolve; });
  const senders: ChannelSenders = {
    ...channels,
    email: { ...channels.email, send: (message) => channels.email.send({ ...message, beforeHandOver: () => { reachedEnd(); return new Promise(() => undefined); } }) },
  };
  return { senders, atEnd };
}

test('email: a worker killed mid-message, before the end-of-data mark — the server accepted nothing, so the email is sent again, once', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const key = `order_created:crash-mid-email:${consumer.id}`;
  const id = await insertQueuedNotification(db.orm, consumer.id, 'order_created', key, { orderNumber: 'SO-8', type: 'repair' });
  const prefix = testRedisPrefix('notif-crash-mid-email');
  const queues = openJobQueues(producer, prefix);
  closers.push(() => queues.close());
  const dying = dyingBeforeHandOver();
  const first = startWorker(prefix, dying.senders);
  await queues.add('notifications', 'send_notification', { notificationId: id }, { attempts: 3, backoff: { type: 'exponential', delay: 100 } });
  await dying.atEnd;
  await first.close(true);
  const messageId = messageIdFor(key, 'Cistern Water <notifications@cistern.example>');
  assert.is(smtp.received.filter((m) => m.messageId === messageId).length, 0, 'the server holds nothing yet');
  assert.is((await notificationRow(db.orm, id)).handed_over_at, null);
  startWorker(prefix, channels);
  await waitFor(async () => (await notificationRow(db.orm, id)).status === 'sent', 'the redone job to send and record the email');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.is(smtp.received.filter((m) => m.messageId === messageId).length, 1, 'one email');
  assert.is((await communicationsOf(db.orm, id)).length, 1);
});

test('email: a hand-over that cannot be recorded abandons the message unsent', async () => {
  const messageId = messageIdFor('hand-over-refused', 'Cistern Water <notifications@cistern.example>');
  try {
    await channels.email.send({ to: 'someone@example.com', subject: 'x', body: 'y', idempotencyKey: 'hand-over-refused', beforeHandOver: () => Promise.reject(new Error('database gone')) });
    assert.unreachable('the send should fail');
  } catch (error) {
    assert.match((error as Error).message, /database gone/);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.is(smtp.received.filter((m) => m.messageId === messageId).length, 0);
});

test('a job delivered again after its outcome was recorded (killed before the ack) does nothing', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const id = await insertQueuedNotification(db.orm, consumer.id, 'order_completed', `order_completed:twice:${consumer.id}`, { orderNumber: 'SO-7', type: 'repair' });
  const job = { data: { notificationId: id }, attemptsMade: 0, opts: { attempts: 3 } } as unknown as Parameters<typeof sendNotificationJob>[0];
  const deps = { orm: db.orm, log: logger(), services: services(channels, 'unused') };
  const before = smtp.received.length;
  assert.equal(await sendNotificationJob(job, deps), { kind: 'sent', channel: 'email', providerMessageId: messageIdFor(`order_completed:twice:${consumer.id}`, 'Cistern Water <notifications@cistern.example>') });
  assert.equal(await sendNotificationJob(job, deps), { kind: 'already_final' });
  assert.is(smtp.received.length, before + 1);
  assert.is((await communicationsOf(db.orm, id)).length, 1);
});

test.run();
