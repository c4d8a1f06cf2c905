/** Service orders survive a SIGKILLed Temporal worker: every order finishes, each effect applied once. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { db as query } from '../domain/common/database.js';
import { DomainError } from '../domain/common/errors.js';
import { createOutboxRelay, temporalHandlers } from '../infra/outbox/outbox-relay.js';
import { moveServiceOrder } from '../infra/temporal/service-order-workflows.js';
import { TemporalGateway } from '../infra/temporal/temporal-connection.js';
import { logger } from '../infra/logger.js';
import { createServiceOrder } from '../domain/service-orders/service-orders.js';
import { outputOf, spawnTs, stopChild } from '../scripts/lib/processes.js';
import { assignUpdate, completeUpdate, scheduleUpdate, startUpdate } from '../workflows/service-order.contract.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { testTemporalAddress } from './support/temporal-worker.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

const ORDERS = 50;
const taskQueue = `crash-${randomBytes(4).toString('hex')}`;
let db: TestDatabase;
let gateway: TemporalGateway;

test.before(async () => {
  db = await createTestDatabase('so_crash');
  gateway = new TemporalGateway(testTemporalAddress(), 'default');
});
test.after(async () => {
  await gateway.close();
  await db.drop();
});

/** The real worker process (workers/temporal.ts), so SIGKILL kills exactly what production runs. */
function spawnWorker(): ChildProcess {
  return spawnTs('workers/temporal.ts', [], {
    DATABASE_URL: db.url, TEMPORAL_ADDRESS: testTemporalAddress(), TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'silent',
  }, 'pipe');
}

async function waitForPoller(timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const described = await (await gateway.workflowClient()).workflowService.describeTaskQueue({
      namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1,
    });
    if ((described.pollers ?? []).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('worker never polled');
}

const actor = { userId: null, name: 'Crash Test' };
const STEPS = ['assigned', 'scheduled', 'in_progress', 'completed'];

/** Sends one move until it is recorded; a 409 saying the order is already past it means an earlier try landed. */
async function ensureMove(orderNumber: string, target: string, send: () => Promise<unknown>) {
  const deadline = Date.now() + 180_000; // fail the test, not hang it, if the new worker never catches up
  while (Date.now() < deadline) {
    try {
      await send();
      return;
    } catch (error) {
      const current = (error as DomainError).details?.currentStatus as string | undefined;
      if (error instanceof DomainError && error.status === 409 && current && STEPS.indexOf(current) >= STEPS.indexOf(target)) return;
      if (!(error instanceof DomainError) || error.status !== 503) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`${orderNumber} never reached ${target}`);
}

/** `count(*)` as a number, for the tallies below. */
const count = sql<number>`count(*)::int`.as('n');

async function lifecycle(orderNumber: string, technicianId: number) {
  const client = await gateway.workflowClient();
  // One update id per intended move, so a retry after a killed worker joins the first try instead of moving twice.
  const move = <A>(update: Parameters<typeof moveServiceOrder<A>>[2], args: A) =>
    moveServiceOrder(client, orderNumber, update, args, 90_000, `${orderNumber}-${update.name}`);
  await ensureMove(orderNumber, 'assigned', () => move(assignUpdate, { actor, technicianId }));
  await ensureMove(orderNumber, 'scheduled', () => move(scheduleUpdate, { actor, scheduledFor: new Date(Date.now() + 86400_000).toISOString(), windowMinutes: 60 }));
  await ensureMove(orderNumber, 'in_progress', () => move(startUpdate, { actor }));
  await ensureMove(orderNumber, 'completed', () => move(completeUpdate, { actor }));
}

test('Ctrl-C in a terminal (SIGINT to the whole group, then the launcher\'s SIGTERM): the worker drains once and exits 0', async () => {
  const worker = spawnWorker();
  const finished = outputOf(worker);
  await waitForPoller();
  worker.kill('SIGINT');
  worker.kill('SIGTERM');
  const { code, output } = await finished;
  assert.is(code, 0, output);
  assert.not.match(output, /IllegalStateError/);
});

test(`${ORDERS} orders survive a SIGKILLed worker: all finish, effects applied once, no duplicate transitions`, async () => {
  const technicianId = await insertTechnician(db.orm, ['disconnection']);
  const accounts = [];
  for (let i = 0; i < ORDERS; i++) accounts.push(await insertMinimalAccount(db.orm));
  let worker = spawnWorker();
  await waitForPoller();

  const relay = createOutboxRelay({ orm: db.orm, log: logger(), handlers: temporalHandlers(gateway, taskQueue) });
  const orders: string[] = [];
  for (const account of accounts) {
    const created = await createServiceOrder(db.orm.em.fork(), { accountNumber: account.accountNumber, type: 'disconnection', description: 'Crash test' }, actor, TEST_TIME_ZONE);
    orders.push(created.orderNumber);
  }
  while (await relay.relayDue()) { /* start every workflow */ }

  const running = Promise.all(orders.map((order) => lifecycle(order, technicianId)));
  const progress = async (): Promise<Record<string, number>> => Object.fromEntries(
    (await query(db.orm.em).selectFrom('service_order').select(['status', count]).groupBy('status').execute()).map((row) => [row.status, row.n]));
  // Kill the worker while orders are part-way through their lifecycles.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const p = await progress();
    if ((p.assigned ?? 0) + (p.scheduled ?? 0) + (p.in_progress ?? 0) >= 5) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const atKill = await progress();
  worker.kill('SIGKILL');
  await new Promise((resolve) => worker.once('exit', resolve));
  assert.ok((atKill.completed ?? 0) < ORDERS, `killed mid-way: ${JSON.stringify(atKill)}`);

  worker = spawnWorker();
  try {
    await running;
    const p = await progress();
    assert.equal(p, { completed: ORDERS });
    const rows = query(db.orm.em);
    const transitions = await rows.selectFrom('service_order_transition')
      .select(['order_id', sql<number[]>`array_agg(sequence order by sequence)`.as('seqs')]).groupBy('order_id').execute();
    assert.is(transitions.length, ORDERS);
    for (const row of transitions) assert.equal(row.seqs, [1, 2, 3, 4, 5], `order ${row.order_id}`);
    const effects = await rows.selectFrom('audit_log').select(count).where('action', '=', 'service_order.effect').executeTakeFirstOrThrow();
    assert.is(effects.n, ORDERS, 'each effect applied exactly once');
    const disconnected = await rows.selectFrom('account').select(count)
      .where('status', '=', 'disconnected').where('disconnection_kind', '=', 'temporary').executeTakeFirstOrThrow();
    assert.is(disconnected.n, ORDERS);
    const completedNotices = await rows.selectFrom('notification').select(count).where('event', '=', 'order_completed').executeTakeFirstOrThrow();
    assert.is(completedNotices.n, ORDERS);
  } finally {
    await stopChild(worker);
  }
});

test.run();
