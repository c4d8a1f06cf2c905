/** The service-order workflow on a real worker: moves, refusals, SLA timers and reminders (completion effects: service-order-completion.test.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { temporalServiceOrderWorkflows } from '../infra/temporal/service-order-workflows.js';
import { moveOrder } from '../domain/service-orders/service-order-moves.js';
import { db as query } from '../domain/common/database.js';
import { DEFAULT_SLA_SETTINGS } from '../domain/service-orders/service-order-sla.js';
import { putSetting } from '../domain/settings/settings.js';
import { workflowIdFor } from '../domain/service-orders/service-order-workflow.js';
import {
  assignUpdate, cancelUpdate, completeUpdate, scheduleUpdate, startUpdate, stateQuery,
} from '../workflows/service-order.contract.js';
import type { TestDatabase } from './support/database.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { actor, expectRefused, moveServiceOrder, soon, startServiceOrderWorld, type ServiceOrderWorld } from './support/service-order-world.js';

let world: ServiceOrderWorld;
let db: TestDatabase;
let technicianId: number;

test.before(async () => {
  world = await startServiceOrderWorld('so_workflow');
  ({ db, technicianId } = world);
});
test.after(() => world.stop());

const em = () => db.orm.em.fork();
const rows = () => query(db.orm.em);
const client = () => world.worker.client;
const workflows = () => temporalServiceOrderWorkflows(client(), world.worker.taskQueue, 60_000);
const newOrder: ServiceOrderWorld['newOrder'] = (order) => world.newOrder(order);
const transitions = (orderNumber: string) => world.transitions(orderNumber);

async function orderRow(orderNumber: string) {
  return rows().selectFrom('service_order')
    .select(['status', 'technician_id', 'overdue', 'workflow_state', 'effect_applied_at', 'scheduled_for'])
    .where('order_number', '=', orderNumber).executeTakeFirstOrThrow();
}

const dropSlaSetting = () => rows().deleteFrom('setting').where('key', '=', 'sla').execute();

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

test('an order late for its assignment and then for its completion alerts the dispatchers for each miss, once', async () => {
  await putSetting(em(), 'sla', { ...DEFAULT_SLA_SETTINGS, byPriority: { ...DEFAULT_SLA_SETTINGS.byPriority, emergency: { assignWithinSeconds: 1, completeWithinSeconds: 4 } } });
  try {
    const account = await insertMinimalAccount(db.orm);
    const order = await newOrder({ accountNumber: account.accountNumber, priority: 'emergency' });
    await waitFor(async () => (await orderRow(order)).overdue);
    await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
    const alerts = () => rows().selectFrom('outbox_message').select(sql<string>`payload->>'what'`.as('what'))
      .where('kind', '=', 'notify_dispatchers').where(sql<string>`payload->>'orderNumber'`, '=', order).orderBy('id').execute();
    await waitFor(async () => (await alerts()).length === 2);
    assert.equal((await alerts()).map((alert) => alert.what), ['assignment', 'completion']);
    const audits = await rows().selectFrom('audit_log').select(sql<string>`after->>'what'`.as('what'))
      .where('entity_id', '=', order).where('action', '=', 'service_order.sla_missed').orderBy('id').execute();
    assert.equal(audits.map((row) => row.what), ['assignment', 'completion']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.is((await alerts()).length, 2, 'no miss alerted twice');
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

test('every schedule move tells the consumer, also a visit moved back to a time already sent or given another window', async () => {
  const account = await insertMinimalAccount(db.orm);
  const order = await newOrder({ accountNumber: account.accountNumber });
  await moveServiceOrder(client(), order, assignUpdate, { actor, technicianId });
  const [a, b] = [soon(3 * 86400), soon(4 * 86400)];
  for (const [scheduledFor, windowMinutes] of [[a, 120], [b, 120], [a, 120], [a, 240]] as const) {
    await moveServiceOrder(client(), order, scheduleUpdate, { actor, scheduledFor, windowMinutes });
  }
  const notices = await rows().selectFrom('notification').select(sql<string>`payload->>'scheduledFor'`.as('at')).select(sql<number>`(payload->>'windowMinutes')::int`.as('window'))
    .where('event', '=', 'technician_scheduled').where(sql<string>`payload->>'orderNumber'`, '=', order).orderBy('id').execute();
  assert.equal(notices.map((n) => [n.at, n.window]), [[a, 120], [b, 120], [a, 120], [a, 240]]);
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

test.run();
