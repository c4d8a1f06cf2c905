/**
 * The BullMQ queues as the API uses them (on-demand metrics, notification retries, the
 * queue dashboard), over the app's own Redis client: one set per app, built on first use.
 */
import type { Context } from 'hono';
import { openJobQueues, type JobQueues } from '../../infra/queues/job-queues.js';
import { bullmqHandlers } from '../../infra/outbox/outbox-relay.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import { deliverSoon, relayFor, type HandlersOf } from './outbox-delivery.js';

/** Fails fast when Redis is down, which the API reports as 503. */
const queues = new WeakMap<AppDeps, JobQueues>();

export function jobQueuesOf(deps: AppDeps): JobQueues {
  let found = queues.get(deps);
  if (!found) {
    found = openJobQueues(deps.redis, deps.config.REDIS_PREFIX);
    queues.set(deps, found);
  }
  return found;
}

const jobHandlersOf: HandlersOf = (deps) =>
  bullmqHandlers(jobQueuesOf(deps), { timeZone: deps.config.UTILITY_TIME_ZONE, now: deps.clock ?? (() => new Date()) });

/** Delivers a BullMQ outbox row right after its commit; on failure the jobs worker's relay delivers it later. */
export async function relayJobSoon(c: Context<AppEnv>, outboxId: number): Promise<boolean> {
  return deliverSoon(c, outboxId, relayFor(c.get('deps'), jobHandlersOf));
}
