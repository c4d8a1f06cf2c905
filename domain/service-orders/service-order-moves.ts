import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { ServiceOrderStatus } from '../shared/enums.js';
import { Conflict, NotFound } from '../shared/errors.js';
import { moveServiceOrder } from '../../infra/temporal/service-order-workflows.js';
import { isTerminal, transition, type ServiceOrderAction } from './service-order-transitions.js';
import type { OrderState } from '../../workflows/service-order.contract.js';

/**
 * A move on an order as the API asks for it. The workflow is the authority while it
 * runs; an order whose workflow has ended (completed or cancelled) or not yet started is
 * answered from Postgres, with the same reasons the workflow would give.
 */
export async function moveOrder<A>(
  em: EntityManager, client: Client, orderNumber: string, action: ServiceOrderAction,
  update: UpdateDefinition<OrderState, [A]>, args: A, timeoutMs?: number,
): Promise<OrderState> {
  const rows = await em.getConnection().execute<{ status: ServiceOrderStatus; workflow_state: string }[]>(
    'select status, workflow_state from service_order where order_number = ?', [orderNumber]);
  if (!rows.length) throw new NotFound('Service order', orderNumber);
  const { status, workflow_state: workflowState } = rows[0];
  if (isTerminal(status)) {
    const refusal = transition(status, action);
    throw new Conflict(refusal.ok ? `The order is ${status}.` : refusal.reason, { currentStatus: status, reason: 'illegal_transition' });
  }
  if (workflowState === 'waiting_to_start') {
    throw new Conflict('This order is waiting for its workflow to start (Temporal was unreachable); try again in a moment.', { currentStatus: status, reason: 'waiting_to_start' });
  }
  return moveServiceOrder(client, orderNumber, update, args, timeoutMs);
}
