/**
 * Quiet hours end to end (docs/rules.md#quiet-hours) against real Postgres, Redis and the jobs worker: the
 * relay's clock is fixed at 22:00 utility time (Monday 30 November 2026, CST = UTC−6), so a text message is
 * held as a delayed job whose delay is hand-worked (22:00 → 08:00 = 10 h); the test promotes it rather than
 * waiting ten hours, and checks it is sent once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db as query } from '../domain/common/database.js';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../domain/notifications/notification-settings.js';
import { notificationsHeldUntil } from '../domain/notifications/notification-timing.js';
import { putSetting } from '../domain/settings/settings.js';
import { outboxJobId } from '../infra/outbox/outbox-jobs.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { sinkChannels, startTestJobsWorker, testRedisPrefix, TEST_TIME_ZONE, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { enqueue, insertConsumer, insertOrder, notificationRow } from './support/notification-fixtures.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';

const TEN_PM = new Date('2026-12-01T04:00:00Z'); // Monday 30 November, 22:00 in Chicago
const TEN_HOURS_MS = 10 * 3600 * 1000; // 22:00 → 08:00

let db: TestDatabase;
let smtp: SmtpSink;
let sms: SmsSink;
let worker: TestJobsWorker;

test.before(async () => {
  db = await createTestDatabase('quiet_hours');
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  await putSetting(db.orm.em.fork(), 'notifications', { ...DEFAULT_NOTIFICATION_SETTINGS, attempts: 2, backoffMs: 100 });
  worker = await startTestJobsWorker(db.orm, { prefix: testRedisPrefix('quiet-hours'), channels: sinkChannels(smtp, sms), now: () => TEN_PM });
});
test.after(async () => {
  await worker.stop();
  await Promise.all([smtp.close(), sms.close()]);
  await db.drop();
});

const em = () => db.orm.em.fork();
const sent = (id: number) => waitFor(async () => ((await notificationRow(db.orm, id)).status === 'sent' ? true : null), `notification ${id} sent`);

/** The outbox row of a notification once relayed, and its BullMQ job. */
async function relayedJob(notificationId: number) {
  const row = await waitFor(() => query(db.orm.em).selectFrom('outbox_message').select('id')
    .where(sql<string>`payload->>'notificationId'`, '=', String(notificationId)).where('relayed_at', 'is not', null).executeTakeFirst(),
  `notification ${notificationId} relayed`);
  const job = await worker.queues.notifications.getJob(await outboxJobId(em(), row.id));
  if (!job) throw new Error(`no job for notification ${notificationId}`);
  return { outboxId: row.id, job };
}

const textsWithKey = (key: string) => sms.requests.filter((request) => request.key === key && request.status < 300);

test('an SMS at 22:00 with quiet hours 21:00–08:00 waits as a delayed job until 08:00, and is then sent once', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'sms' });
  const orderNumber = await insertOrder(db.orm, consumer.id);
  const key = `order_created:${orderNumber}`;
  const id = await enqueue(db.orm, consumer.id, 'order_created', key, { orderNumber, type: 'repair' });
  const { outboxId, job } = await relayedJob(id);
  assert.is(await job.getState(), 'delayed');
  assert.is(job.opts.delay, TEN_HOURS_MS, 'held from 22:00 until 08:00');
  assert.is(job.delay, TEN_HOURS_MS);
  assert.is((await notificationRow(db.orm, id)).status, 'queued');
  assert.is(textsWithKey(key).length, 0, 'nothing sent in quiet hours');

  await job.promote(); // 08:00 has come
  await sent(id);
  assert.is(textsWithKey(key).length, 1);

  // The relay delivering the same row again (a crash before it marked the row) makes no second job and no second text.
  await query(db.orm.em).updateTable('outbox_message').set({ relayed_at: null, available_at: sql`now()` }).where('id', '=', outboxId).execute();
  await waitFor(async () => (await query(db.orm.em).selectFrom('outbox_message').select('relayed_at').where('id', '=', outboxId).executeTakeFirstOrThrow()).relayed_at,
    'the row relayed again');
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.is(textsWithKey(key).length, 1, 'still one text');
  assert.is(sms.messages.filter((message) => message.key === key).length, 1);
});

test('a text handed back while `sending` (its job lost mid-send) is held by quiet hours again, not sent at once', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'sms' });
  const orderNumber = await insertOrder(db.orm, consumer.id);
  const id = await enqueue(db.orm, consumer.id, 'order_created', `order_created:${orderNumber}`, { orderNumber, type: 'repair' });
  await relayedJob(id);
  await query(db.orm.em).updateTable('notification').set({ status: 'sending', channel: 'sms' }).where('id', '=', id).execute();
  const held = await notificationsHeldUntil(em(), [id], DEFAULT_NOTIFICATION_SETTINGS, TEN_PM, TEST_TIME_ZONE);
  assert.is(held.get(id)?.getTime(), TEN_PM.getTime() + TEN_HOURS_MS, 'held from 22:00 until 08:00');
  // A send that had started by e-mail resumes by e-mail, which quiet hours do not hold.
  await query(db.orm.em).updateTable('notification').set({ channel: 'email' }).where('id', '=', id).execute();
  assert.is((await notificationsHeldUntil(em(), [id], DEFAULT_NOTIFICATION_SETTINGS, TEN_PM, TEST_TIME_ZONE)).size, 0);
});

test('an email at 22:00 goes at once', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  const orderNumber = await insertOrder(db.orm, consumer.id);
  const id = await enqueue(db.orm, consumer.id, 'order_created', `order_created:${orderNumber}`, { orderNumber, type: 'repair' });
  const { job } = await relayedJob(id);
  assert.is(job.opts.delay ?? 0, 0);
  await sent(id);
  assert.is((await notificationRow(db.orm, id)).channel, 'email');
});

test("an emergency order's SMS at 22:00 goes at once", async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'sms' });
  const orderNumber = await insertOrder(db.orm, consumer.id);
  await query(db.orm.em).updateTable('service_order').set({ priority: 'emergency' }).where('order_number', '=', orderNumber).execute();
  const key = `order_created:${orderNumber}`;
  const id = await enqueue(db.orm, consumer.id, 'order_created', key, { orderNumber, type: 'repair' });
  const { job } = await relayedJob(id);
  assert.is(job.opts.delay ?? 0, 0);
  await sent(id);
  assert.is(textsWithKey(key).length, 1);
});

test("a consumer's own quiet hours replace the default: 23:00–06:00 lets a 22:00 SMS go at once, 21:30–07:00 holds it 9 h", async () => {
  const owl = await insertConsumer(db.orm, { channel: 'sms' });
  await query(db.orm.em).updateTable('account').set({ quiet_hours_start: '23:00', quiet_hours_end: '06:00' }).where('id', '=', owl.id).execute();
  const early = await insertConsumer(db.orm, { channel: 'sms' });
  await query(db.orm.em).updateTable('account').set({ quiet_hours_start: '21:30', quiet_hours_end: '07:00' }).where('id', '=', early.id).execute();
  const owlId = await enqueue(db.orm, owl.id, 'balance_overdue', `balance_overdue:${owl.accountNumber}`, { overdueCents: 4500, overdueSince: '2026-09-01', daysOverdue: 90 });
  const earlyId = await enqueue(db.orm, early.id, 'balance_overdue', `balance_overdue:${early.accountNumber}`, { overdueCents: 4500, overdueSince: '2026-09-01', daysOverdue: 90 });
  assert.is((await relayedJob(owlId)).job.opts.delay ?? 0, 0);
  await sent(owlId);
  const held = (await relayedJob(earlyId)).job;
  assert.is(held.opts.delay, 9 * 3600 * 1000, '22:00 → 07:00');
  assert.is(await held.getState(), 'delayed');
});

test('the default quiet hours are a setting', async () => {
  await putSetting(em(), 'notifications', { ...DEFAULT_NOTIFICATION_SETTINGS, attempts: 2, backoffMs: 100, quietHours: { start: '22:30', end: '06:00' } });
  try {
    const consumer = await insertConsumer(db.orm, { channel: 'sms' });
    const id = await enqueue(db.orm, consumer.id, 'payment_failed', `payment_failed:${consumer.accountNumber}`, { reference: 'PAY-1', amountCents: 100 });
    assert.is((await relayedJob(id)).job.opts.delay ?? 0, 0, '22:00 is before 22:30');
    await sent(id);
  } finally {
    await putSetting(em(), 'notifications', { ...DEFAULT_NOTIFICATION_SETTINGS, attempts: 2, backoffMs: 100 });
  }
});

test.run();
