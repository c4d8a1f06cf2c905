/**
 * How the Temporal worker takes work: its slots, pollers and workflow cache. One place, so the
 * production worker and the service-orders bench's no-op floor worker run with the same settings.
 */
import type { WorkerOptions } from '@temporalio/worker';

export type WorkerTuning = Pick<WorkerOptions,
  'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentLocalActivityExecutions' | 'maxCachedWorkflows' | 'workflowTaskPollerBehavior'>;

/** The SDK's defaults, written out so a change here is deliberate. */
export const WORKER_TUNING: WorkerTuning = {
  maxConcurrentWorkflowTaskExecutions: 40,
  maxConcurrentLocalActivityExecutions: 100,
  workflowTaskPollerBehavior: { type: 'simple-maximum', maximum: 10 },
};
