import type { Context } from 'hono';
import { openJobQueues, type JobQueues } from '../../infra/queues/job-queues.js';
import { bullmqHandlers, createOutboxRelay, type OutboxRelay } from '../../infra/outbox/outbox-relay.js';
import type { AppDeps, AppEnv } from '../app-env.js';

/**
 * The BullMQ queues as the API uses them (on-demand metrics, notification retries, the
 * queue dashboard), over the app's own Redis client: it fails fast when Redis is down,
 * which the API reports as 503. One set per app, built on first use.
 */
const queues = new WeakMap<AppDeps, JobQueues>();
const relays = new WeakMap<AppDeps, OutboxRelay>();

export function jobQueuesOf(deps: AppDeps): JobQueues {
  let found = queues.get(deps);
  if (!found) {
    found = openJobQueues(deps.redis, deps.config.REDIS_PREFIX);
    queues.set(deps, found);
  }
  return found;
}

/** Delivers a BullMQ outbox row right after its commit; on failure the jobs worker's relay delivers it later. */
export async function relayJobSoon(c: Context<AppEnv>, outboxId: number): Promise<boolean> {
  const deps = c.get('deps');
  let relay = relays.get(deps);
  if (!relay) {
    relay = createOutboxRelay({ orm: deps.orm, log: deps.log, handlers: bullmqHandlers(jobQueuesOf(deps)) });
    relays.set(deps, relay);
  }
  try {
    return await relay.relayNow(outboxId);
  } catch (error) {
    c.get('log').warn({ err: error, outboxId }, 'immediate job delivery failed; the relay will retry');
    return false;
  }
}
