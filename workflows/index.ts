/**
 * Every workflow the Temporal worker registers. Workflow code is deterministic and imports
 * only pure domain rules and types (docs/architecture.md) and @temporalio/workflow.
 */
export { serviceOrderWorkflow } from './service-order.js';
