/** The transactional outbox's relay: delivers the intents written with each change to Temporal and BullMQ. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { TemporalGateway } from '../temporal/temporal-connection.js';
import { WorkflowOfAnotherDeployment } from '../temporal/workflow-deployment.js';
import type { Logger } from '../logger.js';
import type { Orm } from '../database/orm.js';
import { db } from '../../domain/common/database.js';
import { workflowInputFor } from '../../domain/service-orders/service-order-workflow-input.js';
import { deploymentIdOf } from '../../domain/settings/deployment.js';
import type { JobQueues } from '../queues/job-queues.js';
import { createdMicros, OUTBOX_JOB_ROUTES, outboxJobsFor, type RelayClock } from './outbox-jobs.js';

/**
 * Up to 50 undelivered rows of `kinds` (`target:kind`), due ones or the one `id`, locked
 * with `skip locked` so several relays never deliver the same row at once.
 */
function claimRows(em: EntityManager, kinds: string[], which: 'due' | number) {
  return db(em).selectFrom('outbox_message')
    .select(['id', 'target', 'kind', 'payload', 'attempts', createdMicros.as('created_us')])
    .where('relayed_at', 'is', null)
    .where(sql<string>`target || ':' || kind`, 'in', kinds)
    .where((eb) => (which === 'due' ? eb('available_at', '<=', sql<Date>`now()`) : eb('id', '=', which)))
    .orderBy('id').limit(50)
    .forUpdate().skipLocked()
    .execute();
}

export type OutboxRow = Awaited<ReturnType<typeof claimRows>>[number];

/** Delivers one message; throws when the target is unreachable, so the row waits and is tried again. */
export type OutboxRowHandler = (row: OutboxRow, em: EntityManager) => Promise<void>;

/** Delivers the pass's rows of its kinds together (one round trip); throws when the target is unreachable, so they all wait. */
export interface OutboxBatchHandler { many(rows: OutboxRow[], em: EntityManager): Promise<void> }

export type OutboxHandler = OutboxRowHandler | OutboxBatchHandler;

export interface RelayDeps {
  orm: Orm;
  log: Logger;
  /** Handlers by `target:kind`; targets without handlers in this process are left for another. */
  handlers: Record<string, OutboxHandler>;
}

/** Temporal target: start the order's workflow from the order as it stands now. */
export function temporalHandlers(temporal: TemporalGateway, taskQueue: string): Record<string, OutboxHandler> {
  let deploymentId: string | undefined; // the database's own, so it never changes for this process
  return {
    'temporal:start_service_order': async (row, em) => {
      const orderNumber = String(row.payload.orderNumber);
      const input = await workflowInputFor(em, orderNumber);
      if (!input) return; // the order is gone: nothing to start
      deploymentId ??= await deploymentIdOf(em);
      // The creating request's id goes in the workflow's memo too, so the Temporal UI names it.
      const requestId = typeof row.payload.requestId === 'string' ? row.payload.requestId : undefined;
      // Loaded here, not at import: an API process that never starts an order never loads Temporal's client.
      const { startServiceOrderWorkflow } = await import('../temporal/service-order-workflows.js');
      await startServiceOrderWorkflow(await temporal.workflowClient(), taskQueue, input, deploymentId, 5000, requestId);
      await db(em).updateTable('service_order').set({ workflow_state: 'running' })
        .where('order_number', '=', orderNumber).where('workflow_state', '=', 'waiting_to_start').execute();
    },
  };
}

/**
 * BullMQ target: one job per row, `jobId = 'outbox-<row id>-<row created µs>'`, so
 * delivering a row twice enqueues it once. One handler for every kind, so a pass's rows go
 * to Redis in one `addBulk` (not a round trip each); it fails at once while Redis is down,
 * so the rows wait. `clock` is what quiet hours are read against: the utility's zone, and now.
 */
export function bullmqHandlers(queues: JobQueues, clock: RelayClock): Record<string, OutboxHandler> {
  const handler: OutboxBatchHandler = { many: async (rows, em) => queues.addBulk(await outboxJobsFor(em, rows, clock)) };
  return Object.fromEntries(Object.keys(OUTBOX_JOB_ROUTES).map((kind) => [`bullmq:${kind}`, handler]));
}

/** 1 s, 2 s, 4 s … up to 5 minutes, from the attempts made before this one. */
const backoff = sql<Date>`now() + make_interval(secs => least(power(2, attempts), 300))`;

/** Marks delivered rows relayed, in one statement. */
async function markRelayed(em: EntityManager, ids: number[]): Promise<void> {
  await db(em).updateTable('outbox_message')
    .set((eb) => ({ relayed_at: sql`now()`, attempts: eb('attempts', '+', 1), last_error: null }))
    .where('id', 'in', ids).execute();
}

/** Leaves undelivered rows for a later pass, each after its own backoff, in one statement. */
async function markFailed(em: EntityManager, ids: number[], error: unknown): Promise<void> {
  await db(em).updateTable('outbox_message')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: String((error as Error).message).slice(0, 1000), available_at: backoff }))
    .where('id', 'in', ids).execute();
}

const isBatch = (handler: OutboxHandler): handler is OutboxBatchHandler => typeof handler !== 'function';

/**
 * The transactional outbox's relay (docs/architecture.md): claims due rows with
 * `for update skip locked` (so several relays can run), delivers each, and marks it
 * relayed; a failure leaves it for later with exponential backoff. Delivery is
 * idempotent at every target, so a crash between delivering and marking is harmless.
 */
export function createOutboxRelay({ orm, log, handlers }: RelayDeps) {
  const kinds = Object.keys(handlers);

  /** Delivers rows that share one handler (all of a batch handler's, or a single row); returns how many were delivered. */
  async function deliver(em: EntityManager, handler: OutboxHandler, rows: OutboxRow[]): Promise<number> {
    const ids = rows.map((row) => row.id);
    try {
      if (isBatch(handler)) await handler.many(rows, em);
      else await handler(rows[0], em);
      await markRelayed(em, ids);
      return rows.length;
    } catch (error) {
      // Another installation's workflow under this order's id is a misconfiguration, not an outage: say so loudly.
      if (error instanceof WorkflowOfAnotherDeployment) log.error({ outboxIds: ids, kind: rows[0].kind, err: error }, error.message);
      else log.warn({ outboxIds: ids, kind: rows[0].kind, err: error }, 'outbox delivery failed; will retry');
      await markFailed(em, ids, error);
      return 0;
    }
  }

  /** Claimed rows in the groups they are delivered in: one per batch handler, one per row otherwise. */
  function groups(rows: OutboxRow[]): Array<[OutboxHandler, OutboxRow[]]> {
    const batches = new Map<OutboxHandler, OutboxRow[]>();
    const single: Array<[OutboxHandler, OutboxRow[]]> = [];
    for (const row of rows) {
      const handler = handlers[`${row.target}:${row.kind}`];
      if (!isBatch(handler)) single.push([handler, [row]]);
      else batches.set(handler, [...(batches.get(handler) ?? []), row]);
    }
    return [...batches, ...single];
  }

  async function deliverClaimed(em: EntityManager, rows: OutboxRow[]): Promise<number> {
    let delivered = 0;
    for (const [handler, group] of groups(rows)) delivered += await deliver(em, handler, group);
    return delivered;
  }

  /** Relays the due rows once; returns how many were delivered. */
  async function relayDue(): Promise<number> {
    if (!kinds.length) return 0;
    return orm.em.fork().transactional(async (em) => deliverClaimed(em, await claimRows(em, kinds, 'due')));
  }

  /** Tries one row right away (the API's fast path after a commit); false leaves it to the loop. */
  async function relayNow(id: number): Promise<boolean> {
    return orm.em.fork().transactional(async (em) => (await deliverClaimed(em, await claimRows(em, kinds, id))) > 0);
  }

  /** Polls until stopped; returns the stop function. */
  function start(intervalMs = 1000): () => Promise<void> {
    let running = true;
    const loop = (async () => {
      while (running) {
        const delivered = await relayDue().catch((error) => { log.error({ err: error }, 'outbox relay pass failed'); return 0; });
        if (!delivered) await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    })();
    return async () => { running = false; await loop; };
  }

  return { relayDue, relayNow, start };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;

/**
 * Gives every order that waits to start without a pending start intent one (orders
 * loaded in bulk, e.g. the demo data); idempotent, so it can run on every start.
 */
export async function enqueueWaitingOrders(orm: Orm): Promise<number> {
  const rows = await db(orm.em.fork()).insertInto('outbox_message')
    .columns(['target', 'kind', 'payload', 'created_at', 'available_at', 'attempts'])
    .expression((eb) => eb.selectFrom('service_order as o')
      .select([
        sql.lit('temporal').as('target'), sql.lit('start_service_order').as('kind'),
        sql`jsonb_build_object('orderNumber', o.order_number)`.as('payload'),
        sql`now()`.as('created_at'), sql`now()`.as('available_at'), sql.lit(0).as('attempts'),
      ])
      .where('o.workflow_state', '=', 'waiting_to_start')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('outbox_message as m').select(sql`1`.as('one'))
        .where('m.relayed_at', 'is', null).where('m.kind', '=', 'start_service_order')
        .whereRef(sql<string>`m.payload->>'orderNumber'`, '=', 'o.order_number')))))
    .returning('id')
    .execute();
  return rows.length;
}
