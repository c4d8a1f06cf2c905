/**
 * The BullMQ queues as the API uses them (on-demand metrics, notification retries, the
 * queue dashboard), over the app's own Redis client: one set per app, built on first use.
 */
import type { Context } from 'hono';
import { openJobQueues, type JobQueues } from '../../infra/queues/job-queues.js';
import { bullmqHandlers } from '../../infra/outbox/outbox-relay.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import { deliverSoon, relayFor, type HandlersOf } from './outbox-delivery.js';
import { remembered } from '../../domain/common/remembered.js';

/** Fails fast when Redis is down, which the API reports as 503. */
const queues = new WeakMap<AppDeps, JobQueues>();

const openQueuesOf = (deps: AppDeps) => openJobQueues(deps.redis, deps.config.REDIS_PREFIX);

export function jobQueuesOf(deps: AppDeps): JobQueues {
  return remembered(queues, deps, openQueuesOf);
}

const jobHandlersOf: HandlersOf = (deps) =>
  bullmqHandlers(jobQueuesOf(deps), { timeZone: deps.config.UTILITY_TIME_ZONE, now: deps.clock ?? (() => new Date()) });

/** Delivers a BullMQ outbox row right after its commit; on failure the jobs worker's relay delivers it later. */
export async function relayJobSoon(c: Context<AppEnv>, outboxId: number): Promise<boolean> {
  return deliverSoon(c, outboxId, relayFor(c.get('deps'), jobHandlersOf));
}
