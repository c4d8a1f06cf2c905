/**
 * The service-order workflows port for an API process, with the Temporal adapter (and Temporal's
 * client library under it) loaded on the first move, start or state query rather than at start:
 * it keeps about 25 MB out of every API process that serves no service-order move.
 */
import type { ServiceOrderWorkflows } from '../../domain/service-orders/service-order-workflow.js';
import type { TemporalGateway } from './temporal-connection.js';

/** The port over the gateway's client; `moveTimeoutMs` bounds how long a move waits for a worker. */
export function lazyServiceOrderWorkflows(gateway: TemporalGateway, taskQueue: string, moveTimeoutMs?: number): ServiceOrderWorkflows {
  const adapter = async () => {
    const [{ temporalServiceOrderWorkflows }, client] = await Promise.all([import('./service-order-workflows.js'), gateway.workflowClient()]);
    return temporalServiceOrderWorkflows(client, taskQueue, moveTimeoutMs);
  };
  return {
    start: async (input, deploymentId) => (await adapter()).start(input, deploymentId),
    move: async (orderNumber, action, args) => (await adapter()).move(orderNumber, action, args),
    state: async (orderNumber) => (await adapter()).state(orderNumber),
  };
}
