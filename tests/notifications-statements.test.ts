/**
 * Round trips per notification (issue 12: ≥ 1,000 notifications/s end to end): the sender
 * reads, claims, marks the hand-over and records in one statement each, with no
 * transaction's begin and commit around them; the outbox relay hands a pass's rows to
 * BullMQ in one `addBulk` with a fixed number of statements, however many rows it carries.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db as query } from '../domain/common/database.js';
import { sendNotification } from '../domain/notifications/notification-sender.js';
import type { ChannelSenders, OutgoingMessage } from '../domain/notifications/notification-channel.js';
import { logger } from '../infra/logger.js';
import { openJobQueues, type JobQueues } from '../infra/queues/job-queues.js';
import { bullmqHandlers, createOutboxRelay } from '../infra/outbox/outbox-relay.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { readyRedis, testRedisPrefix, TEST_TIME_ZONE } from './support/jobs-worker.js';
import { communicationsOf, enqueue, insertConsumer, insertQueuedNotification, notificationRow, type Consumer } from './support/notification-fixtures.js';
import { countStatements } from './support/statement-count.js';
import { TEST_DAYTIME } from './support/time-zone.js';
import type { Redis } from 'ioredis';

let db: TestDatabase;
let redis: Redis;
let queues: JobQueues;

test.before(async () => {
  db = await createTestDatabase('notif_statements');
  redis = await readyRedis('notif-statements');
  queues = openJobQueues(redis, testRedisPrefix('notif-statements'));
});
test.after(async () => {
  await queues.close();
  redis.disconnect();
  await db.drop();
});

/** An e-mail channel that accepts at once, after the hand-over mark as SMTP would. */
function acceptingEmail(): ChannelSenders {
  const email = {
    channel: 'email' as const, dedupesByKey: false,
    async send(message: OutgoingMessage) {
      await message.beforeHandOver?.();
      return { providerMessageId: `<${message.idempotencyKey}@test>` };
    },
  };
  return { email, sms: { ...email, channel: 'sms' as const, dedupesByKey: true } };
}

test('an e-mail notification is read, claimed, marked handed over and recorded in four statements', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const id = await insertQueuedNotification(db.orm, consumer.id, 'order_created', `order_created:statements-${consumer.id}`, { orderNumber: 'SO-1', type: 'repair' });
  const deps = { orm: db.orm, channels: acceptingEmail(), timeZone: TEST_TIME_ZONE, sendTimeoutMs: 1000 };
  const { count, statements } = await countStatements(() => sendNotification(deps, id, { number: 1, of: 3 }));
  assert.is(count, 4, statements.join('\n'));
  const row = await notificationRow(db.orm, id);
  assert.is(row.status, 'sent');
  assert.is(row.attempts, 1);
  assert.ok(row.handed_over_at, 'the hand-over was committed before the message was accepted');
  assert.is((await communicationsOf(db.orm, id)).length, 1);
});

test('twenty e-mail notifications sent at once share the same four statements, each recorded on its own row', async () => {
  const consumers: Consumer[] = [];
  for (let i = 0; i < 4; i++) consumers.push(await insertConsumer(db.orm, { channel: 'email' }));
  const ids: number[] = [];
  for (let i = 0; i < 20; i++) {
    const consumer = consumers[i % consumers.length];
    ids.push(await insertQueuedNotification(db.orm, consumer.id, 'order_created', `order_created:together-${i}`, { orderNumber: `SO-${200 + i}`, type: 'repair' }));
  }
  const received: string[] = [];
  const channels = acceptingEmail();
  const recording = { ...channels, email: { ...channels.email, async send(message: OutgoingMessage) { received.push(`${message.to} ${message.idempotencyKey}`); return channels.email.send(message); } } };
  const deps = { orm: db.orm, channels: recording, timeZone: TEST_TIME_ZONE, sendTimeoutMs: 1000 };
  const { count, statements } = await countStatements(() => Promise.all(ids.map((id) => sendNotification(deps, id, { number: 1, of: 3 }))));
  assert.is(count, 4, statements.join('\n'));
  assert.equal(received.sort(), ids.map((_, i) => `${consumers[i % consumers.length].email} order_created:together-${i}`).sort(), 'each to its own consumer, once');
  for (const [i, id] of ids.entries()) {
    const row = await notificationRow(db.orm, id);
    assert.equal([row.status, row.attempts, Boolean(row.handed_over_at)], ['sent', 1, true], `notification ${i}`);
    const [entry] = await communicationsOf(db.orm, id);
    assert.is(entry.account_id, consumers[i % consumers.length].id, `notification ${i}'s Communication-tab entry is on its own account`);
  }
});

test('a claim only moves the row as it was read: a second attempt that read it before the first claimed does not send', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const id = await insertQueuedNotification(db.orm, consumer.id, 'order_created', `order_created:race-${consumer.id}`, { orderNumber: 'SO-2', type: 'repair' });
  const sent: string[] = [];
  const channels = acceptingEmail();
  const counting = { ...channels, email: { ...channels.email, async send(message: OutgoingMessage) { sent.push(message.to); return channels.email.send(message); } } };
  const deps = { orm: db.orm, channels: counting, timeZone: TEST_TIME_ZONE, sendTimeoutMs: 60_000 };
  const outcomes = await Promise.all([sendNotification(deps, id, { number: 1, of: 3 }), sendNotification(deps, id, { number: 1, of: 3 })]);
  assert.is(sent.length, 1, JSON.stringify(outcomes));
  assert.is((await notificationRow(db.orm, id)).attempts, 1);
});

const pendingIntents = async () => (await query(db.orm.em.fork()).selectFrom('outbox_message').select(sql<number>`count(*)::int`.as('n'))
  .where('relayed_at', 'is', null).executeTakeFirstOrThrow()).n;

test('the relay hands 40 rows to BullMQ in one addBulk and six statements, the same as for a few', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  for (let i = 0; i < 40; i++) await enqueue(db.orm, consumer.id, 'order_created', `order_created:relay-${i}`, { orderNumber: `SO-${100 + i}`, type: 'repair' });
  let adds = 0;
  let bulks = 0;
  const counted: JobQueues = { ...queues, add: (...args) => { adds++; return queues.add(...args); }, addBulk: (jobs) => { bulks++; return queues.addBulk(jobs); } };
  const relay = createOutboxRelay({ orm: db.orm, log: logger(), handlers: bullmqHandlers(counted, { timeZone: TEST_TIME_ZONE, now: TEST_DAYTIME }) });
  let delivered = 0;
  const { count, statements } = await countStatements(async () => { delivered = await relay.relayDue(); });
  assert.is(delivered, 40);
  assert.equal({ adds, bulks }, { adds: 0, bulks: 1 });
  // begin, claim the rows, the setting, quiet hours, mark them relayed, commit
  assert.ok(count <= 6, `${count} statements:\n${statements.join('\n')}`);
  assert.is(await pendingIntents(), 0);
  assert.is((await queues.notifications.getJobCounts('waiting', 'delayed')).waiting, 40);
});

test.run();
