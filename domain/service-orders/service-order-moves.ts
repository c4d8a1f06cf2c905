/**
 * A move on an order as the API asks for it: checked against Postgres first, then sent
 * to the order's workflow through the ServiceOrderWorkflows port.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';
import { Conflict, Invalid, NotFound } from '../common/errors.js';
import { moveArgumentProblems } from './move-arguments.js';
import { isTerminal, transition, type ServiceOrderAction } from './service-order-transitions.js';
import type { MoveArgs, OrderState, ServiceOrderWorkflows } from './service-order-workflow.js';

/** The order as a move needs it: where it stands, and what the completion checks look at. */
export async function orderForMove(em: EntityManager, orderNumber: string) {
  const order = await db(em).selectFrom('service_order')
    .select(['order_number', 'type', 'status', 'workflow_state', 'account_id'])
    .where('order_number', '=', orderNumber).executeTakeFirst();
  if (!order) throw new NotFound('Service order', orderNumber);
  return order;
}

type OrderForMove = Awaited<ReturnType<typeof orderForMove>>;

/**
 * The workflow is the authority while it runs; an order whose workflow has ended
 * (completed or cancelled) or not yet started is answered from Postgres, with the same
 * reasons the workflow would give. Arguments the workflow would refuse are refused here
 * first, with the same checks (move-arguments.ts).
 */
export async function sendMove<A extends ServiceOrderAction>(
  workflows: ServiceOrderWorkflows, order: OrderForMove, action: A, args: MoveArgs[A],
): Promise<OrderState> {
  const { status } = order;
  if (isTerminal(status)) {
    const refusal = transition(status, action);
    throw new Conflict(refusal.ok ? `The order is ${status}.` : refusal.reason, { currentStatus: status, reason: 'illegal_transition' });
  }
  const problems = moveArgumentProblems(action, args, order.type);
  if (Object.keys(problems).length) throw new Invalid('Please correct the fields marked below.', problems);
  if (order.workflow_state === 'waiting_to_start') {
    throw new Conflict('This order is waiting for its workflow to start (Temporal was unreachable); try again in a moment.', { currentStatus: status, reason: 'waiting_to_start' });
  }
  return workflows.move(order.order_number, action, args);
}

export async function moveOrder<A extends ServiceOrderAction>(
  em: EntityManager, workflows: ServiceOrderWorkflows, orderNumber: string, action: A, args: MoveArgs[A],
): Promise<OrderState> {
  return sendMove(workflows, await orderForMove(em, orderNumber), action, args);
}
