import type { EntityManager } from '@mikro-orm/postgresql';
import type { TemporalGateway } from '../temporal/temporal-connection.js';
import { startServiceOrderWorkflow } from '../temporal/service-order-workflows.js';
import type { Logger } from '../logger.js';
import type { Orm } from '../database/orm.js';
import { workflowInputFor } from '../../domain/service-orders/service-order-workflow-input.js';
import type { JobQueues } from '../queues/job-queues.js';
import { OUTBOX_JOB_ROUTES, outboxJobId } from './outbox-jobs.js';

interface OutboxRow { id: number; target: string; kind: string; payload: Record<string, unknown>; attempts: number }

/** Delivers one message; throws when the target is unreachable, so the row waits and is tried again. */
export type OutboxHandler = (row: OutboxRow, em: EntityManager) => Promise<void>;

export interface RelayDeps {
  orm: Orm;
  log: Logger;
  /** Handlers by `target:kind`; targets without handlers in this process are left for another. */
  handlers: Record<string, OutboxHandler>;
}

/** Temporal target: start the order's workflow from the order as it stands now. */
export function temporalHandlers(temporal: TemporalGateway, taskQueue: string): Record<string, OutboxHandler> {
  return {
    'temporal:start_service_order': async (row, em) => {
      const orderNumber = String(row.payload.orderNumber);
      const input = await workflowInputFor(em, orderNumber);
      if (!input) return; // the order is gone: nothing to start
      await startServiceOrderWorkflow(temporal.workflowClient(), taskQueue, input);
      await em.getConnection().execute(
        `update service_order set workflow_state = 'running' where order_number = ? and workflow_state = 'waiting_to_start'`,
        [orderNumber], 'all', em.getTransactionContext());
    },
  };
}

/**
 * BullMQ target: one job per row, `jobId = 'outbox-<row id>-<row created µs>'`, so
 * delivering a row twice enqueues it once. `queues.add` fails at once while Redis is down, so the row waits.
 */
export function bullmqHandlers(queues: JobQueues): Record<string, OutboxHandler> {
  return Object.fromEntries(Object.entries(OUTBOX_JOB_ROUTES).map(([kind, route]): [string, OutboxHandler] => [
    `bullmq:${kind}`,
    async (row, em) => {
      await queues.add(route.queue, route.job, row.payload, { ...(await route.options(em)), jobId: await outboxJobId(em, row.id) });
    },
  ]));
}

const backoffSeconds = (attempts: number) => Math.min(2 ** attempts, 300);

/**
 * The transactional outbox's relay (ARCHITECTURE.md): claims due rows with
 * `for update skip locked` (so several relays can run), delivers each, and marks it
 * relayed; a failure leaves it for later with exponential backoff. Delivery is
 * idempotent at every target, so a crash between delivering and marking is harmless.
 */
export function createOutboxRelay({ orm, log, handlers }: RelayDeps) {
  const kinds = Object.keys(handlers);

  async function deliver(em: EntityManager, row: OutboxRow): Promise<boolean> {
    const handler = handlers[`${row.target}:${row.kind}`];
    try {
      await handler(row, em);
      await em.getConnection().execute('update outbox_message set relayed_at = now(), attempts = attempts + 1, last_error = null where id = ?', [row.id], 'all', em.getTransactionContext());
      return true;
    } catch (error) {
      log.warn({ outboxId: row.id, kind: row.kind, err: error }, 'outbox delivery failed; will retry');
      await em.getConnection().execute(
        `update outbox_message set attempts = attempts + 1, last_error = ?, available_at = now() + make_interval(secs => ?) where id = ?`,
        [String((error as Error).message).slice(0, 1000), backoffSeconds(row.attempts), row.id], 'all', em.getTransactionContext());
      return false;
    }
  }

  async function claim(em: EntityManager, where: string, params: unknown[]): Promise<OutboxRow[]> {
    return em.getConnection().execute<OutboxRow[]>(
      `select id, target, kind, payload, attempts from outbox_message
        where relayed_at is null and (target || ':' || kind) in (${kinds.map(() => '?').join(', ')}) and ${where}
        order by id limit 50 for update skip locked`,
      [...kinds, ...params], 'all', em.getTransactionContext());
  }

  /** Relays the due rows once; returns how many were delivered. */
  async function relayDue(): Promise<number> {
    if (!kinds.length) return 0;
    return orm.em.fork().transactional(async (tx) => {
      const em = tx as EntityManager;
      let delivered = 0;
      for (const row of await claim(em, 'available_at <= now()', [])) if (await deliver(em, row)) delivered++;
      return delivered;
    });
  }

  /** Tries one row right away (the API's fast path after a commit); false leaves it to the loop. */
  async function relayNow(id: number): Promise<boolean> {
    return orm.em.fork().transactional(async (tx) => {
      const em = tx as EntityManager;
      const [row] = await claim(em, 'id = ?', [id]);
      return row ? deliver(em, row) : false;
    });
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
  const rows = await orm.em.fork().getConnection().execute<{ id: number }[]>(
    `insert into outbox_message (target, kind, payload, created_at, available_at, attempts)
     select 'temporal', 'start_service_order', jsonb_build_object('orderNumber', o.order_number), now(), now(), 0
       from service_order o
      where o.workflow_state = 'waiting_to_start'
        and not exists (select 1 from outbox_message m where m.relayed_at is null and m.kind = 'start_service_order'
                          and m.payload->>'orderNumber' = o.order_number)
     returning id`);
  return rows.length;
}
