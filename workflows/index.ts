/**
 * Every workflow the Temporal worker registers. Workflow code is deterministic and
 * imports only pure domain rules and types (ARCHITECTURE.md); activities are imported
 * with `import type` only.
 */
export { serviceOrderWorkflow } from './service-order.js';
