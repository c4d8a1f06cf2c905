/**
 * `npm run record:histories` (a script kept with the test support it drives): drives the service-order workflow through every path (each move, refusals, cancel from
 * each status, SLA timers missed and met, reminders, a visit already past) on a real worker and writes each run's
 * history to tests/fixtures/service-order-histories/ for the replay test (docs/architecture.md#changing-workflow-code).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UpdateDefinition } from '@temporalio/common';
import { db } from '../../domain/common/database.js';
import { DomainError } from '../../domain/common/errors.js';
import { DEFAULT_SLA_SETTINGS, type SlaSettings } from '../../domain/service-orders/service-order-sla.js';
import type { OrderState } from '../../domain/service-orders/service-order-workflow.js';
import { workflowIdFor } from '../../domain/service-orders/service-order-workflow.js';
import { createServiceOrder, type NewServiceOrder } from '../../domain/service-orders/service-orders.js';
import { putSetting } from '../../domain/settings/settings.js';
import { logger } from '../../infra/logger.js';
import { createOutboxRelay, temporalHandlers } from '../../infra/outbox/outbox-relay.js';
import { moveServiceOrder } from '../../infra/temporal/service-order-workflows.js';
import { assignUpdate, cancelUpdate, completeUpdate, scheduleUpdate, startUpdate } from '../../workflows/service-order.contract.js';
import { createTestDatabase } from './database.js';
import { insertMinimalAccount, insertTechnician } from './minimal-account.js';
import { startTestWorker } from './temporal-worker.js';
import { HISTORIES_DIR, historyToFixture } from './workflow-histories.js';
import { ensureTemporalServer } from '../../scripts/lib/temporal-dev-server.js';
import { TEST_TIME_ZONE } from './time-zone.js';

const say = (line: string) => process.stdout.write(`[record] ${line}\n`);
const actor = { userId: null, name: 'Recorder' };
const soon = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const temporalData = mkdtempSync(path.join(os.tmpdir(), 'cistern-record-'));
const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7299';
const temporal = await ensureTemporalServer({ address, namespace: 'default', uiPort: 8299, dataDir: temporalData, log: say });
const database = await createTestDatabase('record_histories');
const worker = await startTestWorker(database.orm, undefined, address);
const client = worker.client;
const relay = createOutboxRelay({ orm: database.orm, log: logger(), handlers: temporalHandlers(worker.gateway, worker.taskQueue) });
const technicianId = await insertTechnician(database.orm, ['repair', 'meter_reading', 'disconnection']);
const otherTechnician = await insertTechnician(database.orm, ['repair']);

const move = <A>(order: string, update: UpdateDefinition<OrderState, [A]>, args: A) => moveServiceOrder(client, order, update, args, 60_000);
/** A move the workflow must refuse (illegal or invalid); anything else is a recording error. */
async function refuse<A>(order: string, update: UpdateDefinition<OrderState, [A]>, args: A) {
  try {
    await move(order, update, args);
  } catch (error) {
    if (error instanceof DomainError && [409, 422].includes(error.status)) return;
    throw error;
  }
  throw new Error(`${order}: a move that should be refused was accepted`);
}

async function withSla(changes: Partial<SlaSettings>) {
  await putSetting(database.orm.em.fork(), 'sla', { ...DEFAULT_SLA_SETTINGS, ...changes });
}

/** Creates an order (optionally reshaped in the database first, as bulk-loaded orders are) and starts its workflow. */
async function newOrder(order: Partial<NewServiceOrder> = {}, reshape?: (orderNumber: string) => Promise<void>) {
  const account = await insertMinimalAccount(database.orm);
  const created = await createServiceOrder(database.orm.em.fork(), { accountNumber: account.accountNumber, type: 'repair', description: 'Recorded', ...order }, actor, TEST_TIME_ZONE);
  await reshape?.(created.orderNumber);
  if (!(await relay.relayNow(created.outboxId))) throw new Error(`${created.orderNumber}: workflow did not start`);
  return created.orderNumber;
}

const toCompleted = async (order: string) => {
  await move(order, assignUpdate, { actor, technicianId });
  await move(order, scheduleUpdate, { actor, scheduledFor: soon(3 * 86400), windowMinutes: 120 });
  await move(order, startUpdate, { actor });
  await move(order, completeUpdate, { actor, note: 'Done' });
};

const cancelAfter = (steps: number) => async () => {
  const order = await newOrder();
  const path = [
    () => move(order, assignUpdate, { actor, technicianId }),
    () => move(order, scheduleUpdate, { actor, scheduledFor: soon(3 * 86400), windowMinutes: 60 }),
    () => move(order, startUpdate, { actor }),
  ];
  for (const step of path.slice(0, steps)) await step();
  await move(order, cancelUpdate, { actor, reason: `Cancelled after ${steps} moves` });
  return order;
};

/** Each scenario leaves one closed workflow behind and returns its order number. */
const SCENARIOS: Record<string, () => Promise<string>> = {
  'happy-path': async () => {
    const order = await newOrder();
    await toCompleted(order);
    return order;
  },
  'reassign-and-reschedule': async () => {
    const order = await newOrder();
    await move(order, assignUpdate, { actor, technicianId });
    await move(order, assignUpdate, { actor, technicianId: otherTechnician, note: 'Closer to the site' });
    await move(order, scheduleUpdate, { actor, scheduledFor: soon(2 * 86400), windowMinutes: 60 });
    await move(order, scheduleUpdate, { actor, scheduledFor: soon(5 * 86400), windowMinutes: 90 });
    await move(order, assignUpdate, { actor, technicianId });
    await move(order, startUpdate, { actor });
    await move(order, completeUpdate, { actor });
    return order;
  },
  'cancel-when-created': cancelAfter(0),
  'cancel-when-assigned': cancelAfter(1),
  'cancel-when-scheduled': cancelAfter(2),
  'cancel-when-in-progress': cancelAfter(3),
  'refused-moves': async () => {
    const order = await newOrder();
    await refuse(order, completeUpdate, { actor });
    await refuse(order, startUpdate, { actor });
    await move(order, assignUpdate, { actor, technicianId });
    await refuse(order, startUpdate, { actor });
    await refuse(order, scheduleUpdate, { actor, scheduledFor: 'not a date', windowMinutes: 60 });
    await refuse(order, cancelUpdate, { actor, reason: ' ' });
    await move(order, cancelUpdate, { actor, reason: 'Refusals recorded' });
    return order;
  },
  'meter-reading': async () => {
    const order = await newOrder({ type: 'meter_reading' });
    await move(order, assignUpdate, { actor, technicianId });
    await move(order, scheduleUpdate, { actor, scheduledFor: soon(86400), windowMinutes: 60 });
    await move(order, startUpdate, { actor });
    await refuse(order, completeUpdate, { actor });
    await move(order, completeUpdate, { actor, reading: { value: 5100, readAt: '2026-01-15' } });
    return order;
  },
  'sla-missed': async () => {
    await withSla({ byPriority: { ...DEFAULT_SLA_SETTINGS.byPriority, emergency: { assignWithinSeconds: 1, completeWithinSeconds: 3 } } });
    const order = await newOrder({ priority: 'emergency' });
    await pause(5000); // both SLA timers fire: overdue, dispatchers alerted
    await move(order, cancelUpdate, { actor, reason: 'Overdue, handed to a contractor' });
    return order;
  },
  'sla-met': async () => {
    await withSla({ byPriority: { ...DEFAULT_SLA_SETTINGS.byPriority, high: { assignWithinSeconds: 3, completeWithinSeconds: 600 } } });
    const order = await newOrder({ priority: 'high' });
    await move(order, assignUpdate, { actor, technicianId });
    await pause(4000); // the assignment SLA's deadline passes with the order assigned in time
    await move(order, cancelUpdate, { actor, reason: 'Customer fixed it' });
    return order;
  },
  'appointment-reminder': async () => {
    await withSla({ reminderLeadSeconds: 2 });
    const order = await newOrder();
    await move(order, assignUpdate, { actor, technicianId });
    await move(order, scheduleUpdate, { actor, scheduledFor: soon(4), windowMinutes: 60 });
    await move(order, scheduleUpdate, { actor, scheduledFor: soon(6), windowMinutes: 60 }); // the first reminder is dropped
    await pause(6000); // the second one fires
    await move(order, startUpdate, { actor });
    await move(order, completeUpdate, { actor });
    return order;
  },
  'loaded-with-past-visit': async () => {
    // An order recorded as scheduled while Temporal was down, whose visit is already past: no reminder.
    const order = await newOrder({}, async (orderNumber) => {
      await db(database.orm.em).updateTable('service_order')
        .set({ status: 'scheduled', technician_id: technicianId, scheduled_for: new Date(Date.now() - 3_600_000), window_minutes: 60 })
        .where('order_number', '=', orderNumber).execute();
    });
    await move(order, startUpdate, { actor });
    await move(order, completeUpdate, { actor });
    return order;
  },
};

try {
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const only = process.argv.slice(2);
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    if (only.length && !only.includes(name)) continue;
    await withSla({});
    const order = await scenario();
    const handle = client.workflow.getHandle(workflowIdFor(order));
    await handle.result();
    writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), historyToFixture(await handle.fetchHistory()));
    say(`${name}: ${order} recorded`);
  }
} finally {
  await worker.stop();
  await database.drop();
  await temporal.stop();
  rmSync(temporalData, { recursive: true, force: true });
}
