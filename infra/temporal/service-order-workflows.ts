import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import { Conflict, DomainError, Invalid, ServiceUnavailable } from '../../domain/shared/errors.js';
import {
  ILLEGAL_TRANSITION, INVALID_MOVE, workflowIdFor, type OrderState, type ServiceOrderInput,
} from '../../workflows/service-order.contract.js';

/**
 * The API's and the relay's side of the service-order workflows: starting one
 * (idempotent on the workflow id) and sending it a move, with Temporal's answers turned
 * into the domain's errors (refused move → 409 with the current status).
 */
export async function startServiceOrderWorkflow(
  client: Client, taskQueue: string, input: ServiceOrderInput, timeoutMs = 5000,
): Promise<'started' | 'already running'> {
  try {
    await client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflow.start('serviceOrderWorkflow', {
      taskQueue, workflowId: workflowIdFor(input.orderNumber), args: [input],
    }));
    return 'started';
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already running';
    throw error;
  }
}

function mapUpdateFailure(error: WorkflowUpdateFailedError): DomainError {
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type === ILLEGAL_TRANSITION) {
    const details = (cause.details?.[0] ?? {}) as { currentStatus?: string; reason?: string };
    return new Conflict(cause.message, { currentStatus: details.currentStatus, reason: 'illegal_transition' });
  }
  if (cause instanceof ApplicationFailure && cause.type === INVALID_MOVE) return new Invalid(cause.message);
  return new ServiceUnavailable(`The service-order workflow (${cause?.message ?? error.message})`);
}

/** Sends one move and waits for it to be recorded; `timeoutMs` bounds the wait for a worker. */
export async function moveServiceOrder<A>(
  client: Client, orderNumber: string, update: UpdateDefinition<OrderState, [A]>, args: A, timeoutMs = 15_000,
): Promise<OrderState> {
  const handle = client.workflow.getHandle(workflowIdFor(orderNumber));
  try {
    return await client.connection.withDeadline(Date.now() + timeoutMs, () => handle.executeUpdate(update, { args: [args] }));
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) throw mapUpdateFailure(error);
    if (error instanceof WorkflowNotFoundError) {
      throw new Conflict('This order is waiting for its workflow to start; try again in a moment.', { reason: 'waiting_to_start' });
    }
    throw new ServiceUnavailable('Temporal');
  }
}
