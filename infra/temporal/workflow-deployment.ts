/**
 * Which installation a service-order workflow belongs to (docs/architecture.md#one-namespace-one-deployment),
 * and the error when another one holds the id. Apart from the Temporal adapter so the outbox relay can
 * recognise the error without loading Temporal's client library.
 */

/** The memo entry naming the deployment (docs/architecture.md#one-namespace-one-deployment) a workflow belongs to. */
export const DEPLOYMENT_MEMO = 'cisternDeployment';

/** The workflow id is taken by another installation sharing the namespace: never adopt it. */
export class WorkflowOfAnotherDeployment extends Error {
  constructor(readonly workflowId: string, readonly owner: string, readonly deploymentId: string) {
    super(`Workflow ${workflowId} belongs to deployment ${owner}, not to this one (${deploymentId}): two installations share `
      + 'one Temporal namespace. Give each its own namespace (TEMPORAL_NAMESPACE); this order will not start until then.');
    this.name = 'WorkflowOfAnotherDeployment';
  }
}
