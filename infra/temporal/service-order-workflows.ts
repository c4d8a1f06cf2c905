/**
 * The Temporal adapter of the domain's ServiceOrderWorkflows port: starts a workflow
 * (idempotent on its id) and sends it moves, with Temporal's answers as domain errors.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type UpdateDefinition } from '@temporalio/common';
import { Conflict, DomainError, Invalid, ServiceUnavailable } from '../../domain/common/errors.js';
import type { ServiceOrderAction } from '../../domain/service-orders/service-order-transitions.js';
import {
  ILLEGAL_TRANSITION, INVALID_MOVE, MOVE_NOT_RECORDED, workflowIdFor,
  type MoveArgs, type OrderState, type ServiceOrderInput, type ServiceOrderWorkflows,
} from '../../domain/service-orders/service-order-workflow.js';
import { workflowUpdateSeconds } from '../prometheus.js';
import { assignUpdate, cancelUpdate, completeUpdate, scheduleUpdate, startUpdate, stateQuery } from '../../workflows/service-order.contract.js';
import { DEPLOYMENT_MEMO, WorkflowOfAnotherDeployment } from './workflow-deployment.js';

/** The workflow update that carries each move. */
const UPDATES: { [A in ServiceOrderAction]: UpdateDefinition<OrderState, [MoveArgs[A]]> } = {
  assign: assignUpdate, schedule: scheduleUpdate, start: startUpdate, complete: completeUpdate, cancel: cancelUpdate,
};

/** The port over one Temporal client; `moveTimeoutMs` bounds how long a move waits for a worker. */
export function temporalServiceOrderWorkflows(client: Client, taskQueue: string, moveTimeoutMs?: number): ServiceOrderWorkflows {
  return {
    start: (input, deploymentId) => startServiceOrderWorkflow(client, taskQueue, input, deploymentId),
    move: (orderNumber, action, args) => moveServiceOrder(client, orderNumber, UPDATES[action], args, moveTimeoutMs),
    state: (orderNumber) => queryServiceOrderState(client, orderNumber),
  };
}

/** The running workflow's state (its query), or null when the order has no running workflow. */
export async function queryServiceOrderState(client: Client, orderNumber: string, timeoutMs = 10_000): Promise<OrderState | null> {
  const handle = client.workflow.getHandle(workflowIdFor(orderNumber));
  try {
    return await client.connection.withDeadline(Date.now() + timeoutMs, async () => {
      const { status } = await handle.describe();
      return status.name === 'RUNNING' ? handle.query(stateQuery) : null;
    });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw new ServiceUnavailable('Temporal');
  }
}

/**
 * Starts the order's workflow with this deployment in its memo. "Already started" is idempotent only
 * for a workflow of this deployment (or one started before deployments were recorded, which has none);
 * another deployment's workflow under the same id throws WorkflowOfAnotherDeployment.
 */
export async function startServiceOrderWorkflow(
  client: Client, taskQueue: string, input: ServiceOrderInput, deploymentId: string, timeoutMs = 5000, requestId?: string,
): Promise<'started' | 'already running'> {
  const workflowId = workflowIdFor(input.orderNumber);
  try {
    await client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflow.start('serviceOrderWorkflow', {
      taskQueue, workflowId, args: [input], memo: { [DEPLOYMENT_MEMO]: deploymentId, ...(requestId && { requestId }) },
    }));
    return 'started';
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const running = await client.connection.withDeadline(Date.now() + timeoutMs, () => client.workflow.getHandle(workflowId).describe());
    const owner = running.memo?.[DEPLOYMENT_MEMO];
    if (owner !== undefined && owner !== deploymentId) throw new WorkflowOfAnotherDeployment(workflowId, String(owner), deploymentId);
    return 'already running';
  }
}

/** A refused move → 409 with the current status; a bad argument → 422 with its fields; anything else → 503. */
function mapUpdateFailure(error: WorkflowUpdateFailedError): DomainError {
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type === ILLEGAL_TRANSITION) {
    const details = (cause.details?.[0] ?? {}) as { currentStatus?: string; reason?: string };
    return new Conflict(cause.message, { currentStatus: details.currentStatus, reason: 'illegal_transition' });
  }
  if (cause instanceof ApplicationFailure && cause.type === INVALID_MOVE) {
    const details = (cause.details?.[0] ?? {}) as { fields?: Record<string, string> };
    return new Invalid(cause.message, details.fields ?? {});
  }
  if (cause instanceof ApplicationFailure && cause.type === MOVE_NOT_RECORDED) {
    return new ServiceUnavailable(`The service-order record (${cause.message})`);
  }
  return new ServiceUnavailable(`The service-order workflow (${cause?.message ?? error.message})`);
}

/**
 * Sends one move and waits for it to be recorded; `timeoutMs` bounds the wait for a worker. A retry that
 * passes the first try's `updateId` joins that update instead of sending the move again (a second
 * assign or schedule would be a legal reassign or reschedule, recorded twice).
 */
export async function moveServiceOrder<A>(
  client: Client, orderNumber: string, update: UpdateDefinition<OrderState, [A]>, args: A, timeoutMs = 15_000, updateId?: string,
): Promise<OrderState> {
  const handle = client.workflow.getHandle(workflowIdFor(orderNumber));
  const stop = workflowUpdateSeconds.startTimer({ update: update.name });
  try {
    const state = await client.connection.withDeadline(Date.now() + timeoutMs, () => handle.executeUpdate(update, { args: [args], updateId }));
    stop({ outcome: 'ok' });
    return state;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const refusal = mapUpdateFailure(error);
      stop({ outcome: refusal instanceof ServiceUnavailable ? 'unavailable' : 'refused' });
      throw refusal;
    }
    stop({ outcome: error instanceof WorkflowNotFoundError ? 'refused' : 'unavailable' });
    if (error instanceof WorkflowNotFoundError) {
      throw new Conflict('This order is waiting for its workflow to start; try again in a moment.', { reason: 'waiting_to_start' });
    }
    throw await whyUnanswered(client, orderNumber, timeoutMs);
  }
}

/**
 * Tells apart what a move that got no answer ran into: Temporal itself unreachable, no worker
 * polling the order's task queue, or workers that poll but did not finish the move in time.
 */
async function whyUnanswered(client: Client, orderNumber: string, timeoutMs: number): Promise<DomainError> {
  const within = `within ${Math.round(timeoutMs / 1000)} s`;
  try {
    const probe = <T>(call: () => Promise<T>) => client.connection.withDeadline(Date.now() + 3000, call);
    const { taskQueue } = await probe(() => client.workflow.getHandle(workflowIdFor(orderNumber)).describe());
    const { pollers } = await probe(() => client.workflowService.describeTaskQueue({
      namespace: client.options.namespace, taskQueue: { name: taskQueue }, taskQueueType: 1,
    }));
    if (!pollers?.length) {
      return new ServiceUnavailable('Temporal worker', `No Temporal worker is polling task queue "${taskQueue}", so the move was not taken ${within}. `
        + 'Start the Temporal worker (workers/temporal.ts); the order has not changed.', { reason: 'no_worker', taskQueue });
    }
    return new ServiceUnavailable('Temporal worker', `The service-order workflow did not answer the move ${within} although ${pollers.length} `
      + `worker(s) poll task queue "${taskQueue}"; they may be overloaded. Try again shortly.`, { reason: 'worker_timeout', taskQueue });
  } catch {
    return new ServiceUnavailable('Temporal');
  }
}
