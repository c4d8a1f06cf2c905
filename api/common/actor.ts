/** Who acts in a request, and the service-order desk they act through (with the Temporal adapter injected). */
import type { Context } from 'hono';
import { Unauthorized } from '../../domain/common/errors.js';
import type { Desk } from '../../domain/service-orders/service-order-desk.js';
import { lazyServiceOrderWorkflows } from '../../infra/temporal/lazy-service-order-workflows.js';
import type { AppEnv } from '../app-env.js';

/** Who is acting, as history and the audit log name them, with the request's id for the logs downstream. */
export function actorOf(c: Context<AppEnv>) {
  const user = c.get('user');
  if (!user) throw new Unauthorized();
  return { userId: user.id, name: user.name, requestId: c.get('requestId') };
}

export function deskOf(c: Context<AppEnv>): Desk {
  const { temporal, config } = c.get('deps');
  return { em: c.get('em'), workflows: lazyServiceOrderWorkflows(temporal, config.TEMPORAL_TASK_QUEUE), actor: actorOf(c), timeZone: config.UTILITY_TIME_ZONE };
}
