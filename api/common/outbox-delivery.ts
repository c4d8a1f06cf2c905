/** Delivering an outbox row right after the commit that wrote it; when that fails, a relay loop delivers it later. */
import type { Context } from 'hono';
import { createOutboxRelay, temporalHandlers, type OutboxHandler, type OutboxRelay } from '../../infra/outbox/outbox-relay.js';
import type { AppDeps, AppEnv } from '../app-env.js';
import { remembered } from '../../domain/common/remembered.js';

/** The outbox handlers of one target, built from the app's services. */
export type HandlersOf = (deps: AppDeps) => Record<string, OutboxHandler>;

const relays = new WeakMap<AppDeps, Map<HandlersOf, OutboxRelay>>();

/** The app's relay over these handlers, built on first use. */
export function relayFor(deps: AppDeps, handlersOf: HandlersOf): OutboxRelay {
  const byHandlers = remembered(relays, deps, () => new Map<HandlersOf, OutboxRelay>());
  return remembered(byHandlers, handlersOf, () => createOutboxRelay({ orm: deps.orm, log: deps.log, handlers: handlersOf(deps) }));
}

/** Delivers the row now if it can; false (and a warning) leaves it to the relay loop. */
export async function deliverSoon(c: Context<AppEnv>, outboxId: number, relay: OutboxRelay): Promise<boolean> {
  try {
    return await relay.relayNow(outboxId);
  } catch (error) {
    c.get('log').warn({ err: error, outboxId }, 'immediate outbox delivery failed; the relay will retry');
    return false;
  }
}

const temporalHandlersOf: HandlersOf = (deps) => temporalHandlers(deps.temporal, deps.config.TEMPORAL_TASK_QUEUE);

/** Starts a workflow recorded in the outbox (e.g. a new service order's) right after its commit. */
export async function relaySoon(c: Context<AppEnv>, outboxId: number): Promise<boolean> {
  const deps = c.get('deps');
  return deliverSoon(c, outboxId, deps.relay ?? relayFor(deps, temporalHandlersOf));
}
