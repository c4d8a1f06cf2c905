/**
 * Notifications end to end (docs/rules.md#notifications): outbox → relay → BullMQ → sender → a real SMTP
 * server / an HTTP SMS provider, against real Postgres and Redis.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db as query } from '../domain/common/database.js';
import { NOTIFICATION_EVENTS, type NotificationEvent } from '../domain/common/enums.js';
import { messageIdFor } from '../infra/channels/email-sender.js';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../domain/notifications/notification-settings.js';
import { renderNotification } from '../domain/notifications/notification-templates.js';
import { putSetting } from '../domain/settings/settings.js';
import type { Job } from 'bullmq';
import { logger } from '../infra/logger.js';
import { openRedis } from '../infra/queues/redis-connection.js';
import { notifyDispatchersJob } from '../workers/jobs/notify-dispatchers.job.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { sinkChannels, startTestJobsWorker, testRedisPrefix, TEST_REDIS_URL, TEST_TIME_ZONE, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { communicationsOf, enqueue, insertConsumer, insertOrder, notificationRow } from './support/notification-fixtures.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';

let db: TestDatabase;
let smtp: SmtpSink;
let sms: SmsSink;
let worker: TestJobsWorker;
const FROM = 'Cistern Water <notifications@cistern.example>';

test.before(async () => {
  db = await createTestDatabase('notif_send');
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  await putSetting(db.orm.em.fork(), 'notifications', { ...DEFAULT_NOTIFICATION_SETTINGS, attempts: 3, backoffMs: 150 });
  worker = await startTestJobsWorker(db.orm, { prefix: testRedisPrefix('notif-send'), channels: sinkChannels(smtp, sms) });
});
test.after(async () => {
  await worker.stop();
  await Promise.all([smtp.close(), sms.close()]);
  await db.drop();
});

const sent = (id: number) => waitFor(async () => ((await notificationRow(db.orm, id)).status === 'sent' ? true : null), `notification ${id} sent`);
const final = (id: number) => waitFor(async () => {
  const row = await notificationRow(db.orm, id);
  return ['sent', 'failed', 'skipped'].includes(row.status) ? row : null;
}, `notification ${id} to finish`);

/** A payload per event, and what its message must say whatever the template wording. */
/** The visit of the story's order: booked, so its reminder goes out. */
const VISIT = { scheduledFor: '2026-12-01T15:30:00.000Z', windowMinutes: 120 };

function story(orderNumber: string): Record<NotificationEvent, { payload: Record<string, unknown>; says: string[] }> {
  const visit = { orderNumber, ...VISIT };
  return {
    order_created: { payload: { orderNumber, type: 'repair' }, says: [orderNumber, 'repair'] },
    technician_scheduled: { payload: visit, says: [orderNumber, 'Dec 1', '9:30', '11:30'] },
    appointment_reminder: { payload: visit, says: [orderNumber, 'Dec 1', '9:30'] },
    order_completed: { payload: { orderNumber, type: 'repair', summary: 'field work recorded' }, says: [orderNumber, 'complete'] },
    satisfaction_survey: { payload: { orderNumber, type: 'repair' }, says: [orderNumber, '1 (poor) to 5 (excellent)'] },
    payment_failed: { payload: { reference: 'PAY-77', amountCents: 12345 }, says: ['$123.45', 'PAY-77'] },
    balance_overdue: { payload: { overdueCents: 4500, overdueSince: '2026-09-01', daysOverdue: 88 }, says: ['$45.00', 'Sep 1, 2026'] },
    anomalous_reading: { payload: { meterNumber: 'M-5678', readAt: '2026-11-20', value: 123456, flags: ['high'] }, says: ['M-5678', 'much higher than usual', 'Nov 20, 2026'] },
  };
}

test('each event is sent with its template, filled with the consumer\'s data, on the channel they prefer', async () => {
  const byEmail = await insertConsumer(db.orm, { channel: 'email' });
  const bySms = await insertConsumer(db.orm, { channel: 'sms' });
  for (const consumer of [byEmail, bySms]) {
    const channel = consumer === byEmail ? 'email' : 'sms';
    const orderNumber = await insertOrder(db.orm, consumer.id, 'repair', VISIT);
    const events = story(orderNumber);
    const ids = new Map<NotificationEvent, number>();
    for (const event of NOTIFICATION_EVENTS) ids.set(event, await enqueue(db.orm, consumer.id, event, `${event}:${channel}:${orderNumber}`, events[event].payload));
    for (const event of NOTIFICATION_EVENTS) {
      const id = ids.get(event)!;
      await sent(id);
      const row = await notificationRow(db.orm, id);
      assert.is(row.channel, channel, `${event} channel`);
      assert.is(row.attempts, 1);
      const account = await query(db.orm.em).selectFrom('account').select(['first_name', 'last_name']).where('id', '=', consumer.id).executeTakeFirstOrThrow();
      const expected = renderNotification(event, channel, {
        account: { firstName: account.first_name, lastName: account.last_name, accountNumber: consumer.accountNumber },
        payload: events[event].payload, orderType: 'repair',
      }, DEFAULT_NOTIFICATION_SETTINGS, TEST_TIME_ZONE);
      const key = `${event}:${channel}:${orderNumber}`;
      let text: string;
      if (channel === 'email') {
        const mail = smtp.received.find((m) => m.messageId === messageIdFor(key, FROM));
        assert.ok(mail, `${event} email received`);
        assert.equal(mail!.to, [consumer.email]);
        assert.is(mail!.from, 'notifications@cistern.example');
        assert.is(mail!.fromHeader, FROM);
        assert.is(mail!.toHeader, consumer.email);
        assert.is(mail!.subject, expected.subject);
        assert.is(mail!.body, expected.body);
        assert.is(row.provider_message_id, messageIdFor(key, FROM));
        text = `${mail!.subject}\n${mail!.body}`;
      } else {
        const message = sms.messages.find((m) => m.key === key);
        assert.ok(message, `${event} SMS received`);
        assert.is(message!.to, `+1555010${consumer.phone!.slice(-4)}`);
        assert.is(message!.body, expected.body);
        assert.is(row.provider_message_id, message!.id);
        text = message!.body;
      }
      assert.ok(text.includes(account.first_name) || channel === 'sms', `${event} greets the consumer`);
      for (const phrase of events[event].says) assert.ok(text.includes(phrase), `${event} (${channel}) says "${phrase}": ${text}`);
      assert.not.match(text, /\{\{/, 'no placeholder left');
      const [communication] = await communicationsOf(db.orm, id);
      assert.equal({ channel: communication.channel, direction: communication.direction, account: communication.account_id },
        { channel: 'system', direction: 'to_customer', account: consumer.id });
      assert.is(communication.body, expected.body);
    }
  }
});

test('a reminder whose visit was cancelled or moved before its turn is skipped, not sent', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'sms' });
  const cases = [
    ['cancelled', { status: 'cancelled' as const }],
    ['moved', { scheduled_for: new Date('2026-12-02T15:30:00.000Z') }],
    ['started', { status: 'in_progress' as const }],
  ] as const;
  for (const [what, change] of cases) {
    const orderNumber = await insertOrder(db.orm, consumer.id, 'repair', VISIT);
    await query(db.orm.em).updateTable('service_order').set(change).where('order_number', '=', orderNumber).execute();
    const id = await enqueue(db.orm, consumer.id, 'appointment_reminder', `appointment_reminder:${orderNumber}:${VISIT.scheduledFor}`, { orderNumber, ...VISIT });
    const row = await final(id);
    assert.equal([row.status, row.last_error], ['skipped', 'The visit was cancelled, started or moved before the reminder went out.'], what);
    assert.not.ok(sms.requests.some((request) => JSON.stringify(request).includes(orderNumber)), `${what}: nothing sent`);
  }
});

test('a consumer who opted out gets nothing: the notification is skipped and not in the Communication tab', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email', optOut: true });
  const before = smtp.received.length + sms.requests.length;
  const id = await enqueue(db.orm, consumer.id, 'order_created', `order_created:optout:${consumer.id}`, { orderNumber: 'SO-1', type: 'repair' });
  const row = await final(id);
  assert.is(row.status, 'skipped');
  assert.is(smtp.received.length + sms.requests.length, before);
  assert.is((await communicationsOf(db.orm, id)).length, 0);
});

test('without an address for the preferred channel the other one is used', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'sms', phone: null });
  const id = await enqueue(db.orm, consumer.id, 'payment_failed', `payment_failed:fallback:${consumer.id}`, { reference: 'PAY-9', amountCents: 500 });
  await sent(id);
  assert.is((await notificationRow(db.orm, id)).channel, 'email');
});

test('a failing SMS provider is retried with exponential backoff, same idempotency key, then the notification is failed', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'sms' });
  sms.failWith = 503;
  try {
    const key = `order_completed:outage:${consumer.id}`;
    const id = await enqueue(db.orm, consumer.id, 'order_completed', key, { orderNumber: 'SO-2', type: 'repair' });
    const row = await final(id);
    assert.is(row.status, 'failed');
    assert.is(row.attempts, 3);
    assert.match(row.last_error ?? '', /503/);
    const tries = sms.requests.filter((r) => r.key === key);
    assert.is(tries.length, 3, 'three tries, all with the notification\'s key');
    const gaps = [tries[1].at - tries[0].at, tries[2].at - tries[1].at];
    assert.ok(gaps[0] >= 140, `first retry waited ${gaps[0]} ms (backoff 150 ms)`);
    assert.ok(gaps[1] >= 290, `second retry waited ${gaps[1]} ms (backoff doubles to 300 ms)`);
    assert.is((await communicationsOf(db.orm, id)).length, 0);
  } finally {
    sms.failWith = null;
  }
});

test('an SMTP server answering 451 is retried; one refusing with 550 fails the notification at once', async () => {
  const consumer = await insertConsumer(db.orm, { channel: 'email' });
  smtp.failWith = 451;
  const transient = await enqueue(db.orm, consumer.id, 'order_created', `order_created:451:${consumer.id}`, { orderNumber: 'SO-3', type: 'repair' });
  await waitFor(async () => ((await notificationRow(db.orm, transient)).attempts >= 2 ? true : null), 'a second try');
  smtp.failWith = null;
  await sent(transient);
  smtp.failWith = 550;
  try {
    const refused = await enqueue(db.orm, consumer.id, 'order_completed', `order_completed:550:${consumer.id}`, { orderNumber: 'SO-3', type: 'repair' });
    const row = await final(refused);
    assert.is(row.status, 'failed');
    assert.is(row.attempts, 1, 'a refusal is not retried');
    assert.match(row.last_error ?? '', /550/);
  } finally {
    smtp.failWith = null;
  }
});

test('a missed SLA emails every active dispatcher once, even when the job runs twice', async () => {
  const rows = query(db.orm.em);
  for (const [email, active] of [['d1@example.com', true], ['d2@example.com', true], ['gone@example.com', false]] as const) {
    await rows.insertInto('app_user').values({ email, name: 'Dispatcher', role: 'dispatcher', password_hash: 'x', active, created_at: sql`now()` }).execute();
  }
  const payload = { orderNumber: 'SO-4523', what: 'assignment', deadline: '2026-12-01T15:00:00.000Z', key: `sla:SO-4523:assignment:${Date.now()}` };
  await rows.insertInto('outbox_message').values({
    target: 'bullmq', kind: 'notify_dispatchers', payload, created_at: sql`now()`, available_at: sql`now()`, attempts: 0,
  }).execute();
  const alerts = () => smtp.received.filter((m) => m.subject.includes('SO-4523'));
  await waitFor(() => alerts().length >= 2, 'two dispatcher emails');
  const again = await worker.queues.add('notifications', 'notify_dispatchers', payload, { jobId: `again-${Date.now()}` });
  await waitFor(async () => (await again.getState()) === 'completed', 'the repeated job');
  assert.equal(alerts().map((m) => m.to[0]).sort(), ['d1@example.com', 'd2@example.com']);
  assert.match(alerts()[0].body, /missed its assignment deadline/);
});

test('the first alert after a worker starts waits for its Redis client to connect instead of failing its first try', async () => {
  const rows = query(db.orm.em);
  await rows.insertInto('app_user').values({ email: 'd3@example.com', name: 'Dispatcher', role: 'dispatcher', password_hash: 'x', active: true, created_at: sql`now()` }).execute();
  const active = await rows.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).where('role', '=', 'dispatcher').where('active', '=', true).executeTakeFirstOrThrow();
  // As the worker's own client is on its first job: just opened, still connecting, queueing nothing offline.
  const fresh = openRedis(TEST_REDIS_URL, 'jobs-first-job');
  try {
    assert.is.not(fresh.status, 'ready');
    const payload = { orderNumber: 'SO-4524', what: 'arrival', deadline: '2026-12-01T15:00:00.000Z', key: `sla:SO-4524:arrival:${Date.now()}` };
    const result = await notifyDispatchersJob({ data: payload } as Job, { orm: db.orm, log: logger(), services: { ...worker.services, redis: fresh } });
    assert.equal(result, { sent: Number(active.n), alreadySent: 0, failed: [] });
  } finally {
    fresh.disconnect();
  }
});

test.run();
