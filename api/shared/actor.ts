import type { Context } from 'hono';
import { createOutboxRelay, temporalHandlers, type OutboxRelay } from '../../infra/outbox/outbox-relay.js';
import { Unauthorized } from '../../domain/shared/errors.js';
import type { Desk } from '../../domain/service-orders/service-order-desk.js';
import type { AppDeps, AppEnv } from '../app-env.js';

/** Who is acting, as history and the audit log name them. */
export function actorOf(c: Context<AppEnv>) {
  const user = c.get('user');
  if (!user) throw new Unauthorized();
  return { userId: user.id, name: user.name };
}

export function deskOf(c: Context<AppEnv>): Desk {
  return { em: c.get('em'), client: c.get('deps').temporal.workflowClient(), actor: actorOf(c) };
}

const relays = new WeakMap<AppDeps, OutboxRelay>();

/** The app's relay for delivering an outbox row right after its commit. */
export function relayOf(c: Context<AppEnv>): OutboxRelay {
  const deps = c.get('deps');
  if (deps.relay) return deps.relay;
  let relay = relays.get(deps);
  if (!relay) {
    relay = createOutboxRelay({ orm: deps.orm, log: deps.log, handlers: temporalHandlers(deps.temporal, deps.config.TEMPORAL_TASK_QUEUE) });
    relays.set(deps, relay);
  }
  return relay;
}

/** Delivers now if it can; a failure only means the relay loop delivers it later. */
export async function relaySoon(c: Context<AppEnv>, outboxId: number): Promise<boolean> {
  try {
    return await relayOf(c).relayNow(outboxId);
  } catch (error) {
    c.get('log').warn({ err: error, outboxId }, 'immediate outbox delivery failed; the relay will retry');
    return false;
  }
}
