/**
 * The world of the service-order workflow tests: a database of their own, a real Temporal worker on a task queue
 * of its own and one technician; and what those tests do again and again: create an order (its outbox message
 * relayed, so its workflow starts), move it through to completion, read its recorded transitions, expect a refusal.
 */
import * as assert from 'uvu/assert';
import { db as query } from '../../domain/common/database.js';
import { DomainError } from '../../domain/common/errors.js';
import { createServiceOrder, type NewServiceOrder } from '../../domain/service-orders/service-orders.js';
import { logger } from '../../infra/logger.js';
import { createOutboxRelay, temporalHandlers } from '../../infra/outbox/outbox-relay.js';
import { moveServiceOrder as moveWithDeadline } from '../../infra/temporal/service-order-workflows.js';
import { assignUpdate, completeUpdate, scheduleUpdate, startUpdate } from '../../workflows/service-order.contract.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { insertTechnician } from './minimal-account.js';
import { startTestWorker, type TestWorker } from './temporal-worker.js';
import { TEST_TIME_ZONE } from './time-zone.js';

export const actor = { userId: null, name: 'Dana Dispatcher' };

// A loaded CI machine is slow, not wrong: direct workflow calls get a generous deadline.
export const moveServiceOrder: typeof moveWithDeadline = (client, order, update, args, timeoutMs = 60_000) => moveWithDeadline(client, order, update, args, timeoutMs);

/** `seconds` from now, as the workflow's updates take a time. */
export const soon = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** The move is refused with `status` (and, when given, names the order's current status); anything else fails the test. */
export async function expectRefused(promise: Promise<unknown>, status: number, currentStatus?: string) {
  try {
    await promise;
    assert.unreachable('move accepted');
  } catch (error) {
    assert.instance(error, DomainError);
    assert.is((error as DomainError).status, status, (error as Error).message);
    if (currentStatus) assert.is((error as DomainError).details?.currentStatus, currentStatus);
  }
}

/** What the completion move takes besides its actor. */
type CompletionArgs = Partial<Parameters<typeof moveServiceOrder<typeof completeUpdate extends never ? never : object>>[3]>;

export interface ServiceOrderWorld {
  db: TestDatabase;
  worker: TestWorker;
  technicianId: number;
  /** A repair order (or the kind given) for the account, its workflow started. */
  newOrder(order: Partial<NewServiceOrder> & { accountNumber: string }): Promise<string>;
  /** Assigned, scheduled, started and completed with `args`: the completion's answer. */
  complete(order: string, args?: CompletionArgs): ReturnType<typeof moveServiceOrder>;
  /** The order's recorded transitions, in sequence. */
  transitions(orderNumber: string): Promise<{ sequence: number; from_status: string | null; to_status: string; action: string; by_name: string | null }[]>;
  stop(): Promise<void>;
}

export async function startServiceOrderWorld(label: string): Promise<ServiceOrderWorld> {
  const db = await createTestDatabase(label);
  const worker = await startTestWorker(db.orm);
  const technicianId = await insertTechnician(db.orm);
  const rows = () => query(db.orm.em);
  return {
    db, worker, technicianId,
    async newOrder(order) {
      const created = await createServiceOrder(db.orm.em.fork(), { type: 'repair', description: 'Leak at the meter', ...order }, actor, TEST_TIME_ZONE);
      const relay = createOutboxRelay({ orm: db.orm, log: logger(), handlers: temporalHandlers(worker.gateway, worker.taskQueue) });
      assert.ok(await relay.relayNow(created.outboxId), 'workflow started');
      return created.orderNumber;
    },
    async complete(order, args = {}) {
      await moveServiceOrder(worker.client, order, assignUpdate, { actor, technicianId });
      await moveServiceOrder(worker.client, order, scheduleUpdate, { actor, scheduledFor: soon(86400 * 4), windowMinutes: 60 });
      await moveServiceOrder(worker.client, order, startUpdate, { actor });
      return moveServiceOrder(worker.client, order, completeUpdate, { actor, ...(args as object) });
    },
    transitions(orderNumber) {
      return rows().selectFrom('service_order_transition as t')
        .innerJoin('service_order as o', 'o.id', 't.order_id')
        .select(['t.sequence', 't.from_status', 't.to_status', 't.action', 't.by_name'])
        .where('o.order_number', '=', orderNumber).orderBy('t.sequence').execute();
    },
    async stop() {
      await worker.stop();
      await db.drop();
    },
  };
}
