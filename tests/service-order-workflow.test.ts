/** The service-order workflow on a real worker: moves, refusals, SLA timers, reminders and completion effects. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { moveServiceOrder as moveWithDeadline, temporalServiceOrderWorkflows } from '../infra/temporal/service-order-workflows.js';
import { moveOrder } from '../domain/service-orders/service-order-moves.js';
import { db as query } from '../domain/common/database.js';
import { DomainError } from '../domain/common/errors.js';
import { DEFAULT_SLA_SETTINGS } from '../domain/service-orders/service-order-sla.js';
import { createServiceOrder, type NewServiceOrder } from '../domain/service-orders/service-orders.js';
import { putSetting } from '../domain/settings/settings.js';
import { logger } from '../infra/logger.js';
import { createOutboxRelay, temporalHandlers } from '../infra/outbox/outbox-relay.js';
import { workflowIdFor } from '../domain/service-orders/service-order-workflow.js';
import {
  assignUpdate, cancelUpdate, completeUpdate, scheduleUpdate, startUpdate, stateQuery,
} from '../workflows/service-order.contract.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { startTestWorker, type TestWorker } from './support/temporal-worker.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let db: TestDatabase;
let worker: TestWorker;
let technicianId: number;
const actor = { userId: null, name: 'Dana Dispatcher' };
// A loaded CI machine is slow, not wrong: direct workflow calls get a generous deadline.
const moveServiceOrder: typeof moveWithDeadline = (client, order, update, args, timeoutMs = 60_000) => moveWithDeadline(client, order, update, args, timeoutMs);

test.before(async () => {
  db = await createTestDatabase('so_workflow');
  worker = await startTestWorker(db.orm);
  technicianId = await insertTechnician(db.orm);
});
test.after(async () => {
  await worker.stop();
  await db.drop();
});

const em = () => db.orm.em.fork();
const rows = () => query(db.orm.em);
const client = () => worker.client;
const workflows = () => temporalServiceOrderWorkflows(client(), worker.taskQueue, 60_000);
const soon = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

async function newOrder(order: Partial<NewServiceOrder> & { accountNumber: string }) {
  const created = await createServiceOrder(em(), { type: 'repair', description: 'Leak at the meter', ...order }, actor, TEST_TIME_ZONE);
  const relay = createOutboxRelay({ orm: db.orm, log: logger(), handlers: temporalHandlers(worker.gateway, worker.taskQueue) });
  assert.ok(await relay.relayNow(created.outboxId), 'workflow started');
  return created.orderNumber;
}

async function transitions(orderNumber: string) {
  return rows().selectFrom('service_order_transition as t')
    .innerJoin('service_order as o', 'o.id', 't.order_id')
    .select(['t.sequence', 't.from_status', 't.to_status', 't.action', 't.by_name'])
    .where('o.order_number', '=', orderNumber).orderBy('t.sequence').execute();
}

async function orderRow(orderNumber: string) {
  return rows().selectFrom('service_order')
    .select(['status', 'technician_id', 'overdue', 'workflow_state', 'effect_applied_at', 'scheduled_for'])
    .where('order_number', '=', orderNumber).executeTakeFirstOrThrow();
}

const dropSlaSetting = () => rows().deleteFrom('setting').where('key', '=', 'sla').execute();

async function expectRefused(promise: Promise<unknown>, status: number, currentStatus?: string) {
  try {
    await promise;
    assert.unreachable('move accepted');
  } catch (error) {
    assert.instance(error, DomainError);
    assert.is((error as DomainError).status, status, (error as Error).message);
    if (currentStatus) assert.is((error as DomainError).details?.currentStatus, currentStatus);
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.unreachable('condition not reached in time');
}

test('happy path: created → assigned → scheduled → in_progress → completed, each move recorded once', async () => {
  const account = await insertMinimalAccount(db.orm);
  const order = await newOrder({ accountNumber: account.accountNumber });
  await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
  await moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor: soon(3 * 86400), windowMinutes: 120 });
  await moveServiceOrder(client(), order, startUpdate, { actor });
  const final = await moveServiceOrder(client(), order, completeUpdate, { actor, note: 'Replaced the gasket' });
  assert.is(final.status, 'completed');
  const history = await transitions(order);
  assert.equal(history.map((t) => [t.sequence, t.from_status, t.to_status, t.action]), [
    [1, null, 'created', 'create'], [2, 'created', 'assigned', 'assign'], [3, 'assigned', 'scheduled', 'schedule'],
    [4, 'scheduled', 'in_progress', 'start'], [5, 'in_progress', 'completed', 'complete'],
  ]);
  assert.is(history[1].by_name, 'Dana Dispatcher');
  const row = await orderRow(order);
  assert.is(row.status, 'completed');
  assert.is(row.technician_id, technicianId);
  assert.ok(row.effect_applied_at);
  await waitFor(async () => (await orderRow(order)).workflow_state === 'closed');
  const notes = await rows().selectFrom('notification').select('event').where('idempotency_key', 'like', `%${order}%`).orderBy('id').execute();
  assert.equal(notes.map((n) => n.event), ['order_created', 'technician_scheduled', 'order_completed', 'satisfaction_survey']);
});

test('every illegal move is refused with 409 and the current status, and writes nothing', async () => {
  const account = await insertMinimalAccount(db.orm);
  const order = await newOrder({ accountNumber: account.accountNumber });
  const before = await transitions(order);
  await expectRefused(moveServiceOrder(client(), order, completeUpdate, { actor }), 409, 'created');
  await expectRefused(moveServiceOrder(client(), order, startUpdate, { actor }), 409, 'created');
  await expectRefused(moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor: soon(86400), windowMinutes: 60 }), 409, 'created');
  await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
  await expectRefused(moveServiceOrder(client(), order, startUpdate, { actor }), 409, 'assigned');
  await expectRefused(moveServiceOrder(client(), order, completeUpdate, { actor }), 409, 'assigned');
  await moveServiceOrder(client(), order, cancelUpdate, { actor, reason: 'Customer moved out' });
  // The workflow has ended: moves are answered from Postgres with the same reasons.
  await expectRefused(moveOrder(em(), workflows(), order, 'assign', { actor, technicianId }), 409, 'cancelled');
  await expectRefused(moveOrder(em(), workflows(), order, 'start', { actor }), 409, 'cancelled');
  await expectRefused(moveOrder(em(), workflows(), order, 'cancel', { actor, reason: 'again' }), 409, 'cancelled');
  const after = await transitions(order);
  assert.is(after.length, before.length + 2, 'only the assign and the cancel were recorded');
  assert.is((await orderRow(order)).status, 'cancelled');
});

test('reassign and reschedule before work starts; not after', async () => {
  const account = await insertMinimalAccount(db.orm);
  const other = await insertTechnician(db.orm);
  const order = await newOrder({ accountNumber: account.accountNumber });
  await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
  await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId: other });
  await moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor: soon(86400 * 2), windowMinutes: 60 });
  const later = soon(86400 * 5);
  await moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor: later, windowMinutes: 90 });
  await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
  const row = await orderRow(order);
  assert.is(row.status, 'scheduled');
  assert.is(row.technician_id, technicianId);
  assert.is(new Date(row.scheduled_for!).toISOString(), later);
  assert.equal((await transitions(order)).map((t) => t.action), ['create', 'assign', 'reassign', 'schedule', 'reschedule', 'reassign']);
  await moveServiceOrder(client(), order, startUpdate, { actor });
  await expectRefused(moveServiceOrder(client(), order, assignUpdate, { actor, technicianId: other }), 409, 'in_progress');
  await expectRefused(moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor: soon(86400), windowMinutes: 60 }), 409, 'in_progress');
});

test('cancel from each state before completed', async () => {
  const steps = [
    async (_o: string) => {},
    async (o: string) => { await moveServiceOrder(client(), o, assignUpdate, { actor, technicianId }); },
    async (o: string) => { await moveServiceOrder(client(), o, scheduleUpdate, { actor, scheduledFor: soon(86400 * 3), windowMinutes: 60 }); },
    async (o: string) => { await moveServiceOrder(client(), o, startUpdate, { actor }); },
  ];
  for (let depth = 0; depth < steps.length; depth++) {
    const account = await insertMinimalAccount(db.orm);
    const order = await newOrder({ accountNumber: account.accountNumber });
    for (const step of steps.slice(0, depth + 1)) await step(order);
    const state = await moveServiceOrder(client(), order, cancelUpdate, { actor, reason: `Cancelled at depth ${depth}` });
    assert.is(state.status, 'cancelled');
    const row = await rows().selectFrom('service_order').select(['cancel_reason', 'status']).where('order_number', '=', order).executeTakeFirstOrThrow();
    assert.equal(row, { cancel_reason: `Cancelled at depth ${depth}`, status: 'cancelled' });
  }
});

test('a cancellation without a reason is refused as invalid', async () => {
  const account = await insertMinimalAccount(db.orm);
  const order = await newOrder({ accountNumber: account.accountNumber });
  await expectRefused(moveServiceOrder(client(), order, cancelUpdate, { actor, reason: '  ' }), 422);
  assert.is((await orderRow(order)).status, 'created');
});

test('a missed SLA marks the order overdue and alerts the dispatchers (2-second SLA)', async () => {
  await putSetting(em(), 'sla', { ...DEFAULT_SLA_SETTINGS, byPriority: { ...DEFAULT_SLA_SETTINGS.byPriority, emergency: { assignWithinSeconds: 2, completeWithinSeconds: 600 } } });
  try {
    const account = await insertMinimalAccount(db.orm);
    const order = await newOrder({ accountNumber: account.accountNumber, priority: 'emergency' });
    assert.is((await orderRow(order)).overdue, false);
    await waitFor(async () => (await orderRow(order)).overdue);
    const alerts = await rows().selectFrom('outbox_message').select('kind')
      .where('kind', '=', 'notify_dispatchers').where(sql<string>`payload->>'orderNumber'`, '=', order).execute();
    assert.is(alerts.length, 1);
    const state = await client().workflow.getHandle(workflowIdFor(order)).query(stateQuery);
    assert.is(state.overdue, true);
  } finally {
    await dropSlaSetting();
  }
});

test('an order assigned in time is not overdue', async () => {
  await putSetting(em(), 'sla', { ...DEFAULT_SLA_SETTINGS, byPriority: { ...DEFAULT_SLA_SETTINGS.byPriority, high: { assignWithinSeconds: 3, completeWithinSeconds: 600 } } });
  try {
    const account = await insertMinimalAccount(db.orm);
    const order = await newOrder({ accountNumber: account.accountNumber, priority: 'high' });
    await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
    await new Promise((resolve) => setTimeout(resolve, 4000));
    assert.is((await orderRow(order)).overdue, false);
  } finally {
    await dropSlaSetting();
  }
});

test('the appointment reminder fires before the visit, moves on reschedule, is dropped on cancel', async () => {
  await putSetting(em(), 'sla', { ...DEFAULT_SLA_SETTINGS, reminderLeadSeconds: 2 });
  try {
    const reminders = (order: string) => rows().selectFrom('notification').select('idempotency_key')
      .where('event', '=', 'appointment_reminder').where('idempotency_key', 'like', `%${order}%`).orderBy('id').execute();
    const account = await insertMinimalAccount(db.orm);
    const order = await newOrder({ accountNumber: account.accountNumber });
    await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
    const first = soon(5); // reminder due in ~3 s
    await moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor: first, windowMinutes: 60 });
    const moved = soon(8); // rescheduled before the first reminder: due in ~6 s
    await moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor: moved, windowMinutes: 60 });
    await new Promise((resolve) => setTimeout(resolve, 4000));
    assert.equal(await reminders(order), [], 'the first appointment’s reminder was dropped by the reschedule');
    await waitFor(async () => (await reminders(order)).length === 1, 10_000);
    assert.match((await reminders(order))[0].idempotency_key, moved);

    const cancelled = await newOrder({ accountNumber: account.accountNumber });
    await moveServiceOrder(client(), cancelled, assignUpdate, { actor, technicianId });
    await moveServiceOrder(client(), cancelled, scheduleUpdate, { actor, scheduledFor: soon(4), windowMinutes: 60 });
    await moveServiceOrder(client(), cancelled, cancelUpdate, { actor, reason: 'Customer called off the visit' });
    await new Promise((resolve) => setTimeout(resolve, 3500));
    assert.equal(await reminders(cancelled), []);
  } finally {
    await dropSlaSetting();
  }
});

async function complete(order: string, args: Partial<Parameters<typeof moveServiceOrder<typeof completeUpdate extends never ? never : object>>[3]> = {}) {
  await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
  await moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor: soon(86400 * 4), windowMinutes: 60 });
  await moveServiceOrder(client(), order, startUpdate, { actor });
  return moveServiceOrder(client(), order, completeUpdate, { actor, ...(args as object) });
}

const accountStatus = (id: number) =>
  rows().selectFrom('account').select(['status', 'disconnection_kind']).where('id', '=', id).executeTakeFirstOrThrow();

test('completion effects: disconnection temporary and permanent, reconnection, installation', async () => {
  const a = await insertMinimalAccount(db.orm);
  await complete(await newOrder({ accountNumber: a.accountNumber, type: 'disconnection' }));
  assert.equal(await accountStatus(a.id), { status: 'disconnected', disconnection_kind: 'temporary' });
  await complete(await newOrder({ accountNumber: a.accountNumber, type: 'reconnection' }));
  assert.equal(await accountStatus(a.id), { status: 'active', disconnection_kind: null });
  await complete(await newOrder({ accountNumber: a.accountNumber, type: 'disconnection', permanent: true }));
  assert.equal(await accountStatus(a.id), { status: 'disconnected', disconnection_kind: 'permanent' });
  const pending = await insertMinimalAccount(db.orm, { status: 'pending' });
  await complete(await newOrder({ accountNumber: pending.accountNumber, type: 'installation' }));
  assert.equal(await accountStatus(pending.id), { status: 'active', disconnection_kind: null });
});

test('completion effects: transfer, meter reading through the checks, inspection clearing a flag', async () => {
  const source = await insertMinimalAccount(db.orm);
  const target = await insertMinimalAccount(db.orm, { status: 'pending' });
  await complete(await newOrder({ accountNumber: source.accountNumber, type: 'transfer', targetAccountNumber: target.accountNumber }));
  assert.is((await accountStatus(source.id)).status, 'inactive');
  assert.is((await accountStatus(target.id)).status, 'active');

  const metered = await insertMinimalAccount(db.orm);
  await rows().insertInto('reading').values({
    meter_id: metered.meterId, account_id: metered.id, read_at: '2026-01-01', value: 5000, consumption: null,
    verification_status: 'verified', flags: [], source: 'manual', meter_replaced: false, created_at: sql`now()`,
  }).execute();
  const readingOrder = await newOrder({ accountNumber: metered.accountNumber, type: 'meter_reading' });
  await expectRefused(complete(readingOrder), 422);
  await moveServiceOrder(client(), readingOrder, completeUpdate, { actor, reading: { value: 4000, readAt: '2026-02-01' } });
  const reading = await rows().selectFrom('reading').select(['value', 'flags', 'verification_status'])
    .where('meter_id', '=', metered.meterId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
  assert.equal(reading, { value: 4000, flags: ['regression'], verification_status: 'pending' });

  // The account's open flag closes, naming the order; a flag closed before keeps its own closing; another account's stays open.
  const neighbour = await insertMinimalAccount(db.orm);
  const flags = await rows().insertInto('fraud_flag').values([
    { account_id: metered.id, kind: 'tampering', note: 'Seal broken', opened_at: sql`now()` },
    { account_id: metered.id, kind: 'fraud', note: 'Bypass pipe', opened_at: sql`now() - interval '60 days'`, closed_at: sql`now() - interval '30 days'`, closed_note: 'Removed on an earlier visit' },
    { account_id: neighbour.id, kind: 'tampering', note: 'Seal broken next door', opened_at: sql`now()` },
  ]).returning('id').execute();
  const inspection = await newOrder({ accountNumber: metered.accountNumber, type: 'inspection' });
  await complete(inspection, { resolution: { closeFraudFlags: true, meterStatus: 'maintenance' } });
  const after = await rows().selectFrom('fraud_flag').select(['id', 'closed_note', sql<boolean>`closed_at > now() - interval '1 minute'`.as('closed_now')])
    .where('id', 'in', flags.map((f) => f.id)).orderBy('id').execute();
  assert.equal(after.map(({ closed_note, closed_now }) => ({ closed_note, closed_now })), [
    { closed_note: `Closed by ${inspection}`, closed_now: true },
    { closed_note: 'Removed on an earlier visit', closed_now: false },
    { closed_note: null, closed_now: null },
  ]);
  const meter = await rows().selectFrom('meter').select('reading_status').where('id', '=', metered.meterId).executeTakeFirstOrThrow();
  assert.is(meter.reading_status, 'maintenance');
});

test('the completion effect is applied exactly once even when the activity runs again', async () => {
  const account = await insertMinimalAccount(db.orm);
  const order = await newOrder({ accountNumber: account.accountNumber, type: 'disconnection' });
  await complete(order);
  await rows().updateTable('account').set({ status: 'active', disconnection_kind: null }).where('id', '=', account.id).execute();
  // A retried activity (as after a worker crash) finds the effect applied and the transition recorded.
  const { createActivities } = await import('../workers/temporal/activity-deps.js');
  const activities = createActivities({ orm: db.orm, log: logger() });
  await activities.completeOrder({ orderNumber: order, sequence: 5, from: 'in_progress', to: 'completed', at: new Date().toISOString(), actor, note: null, reading: null, resolution: null });
  assert.is((await accountStatus(account.id)).status, 'active', 'not disconnected a second time');
  assert.is((await transitions(order)).length, 5);
});

test.run();
