/**
 * `nightly_metrics`: the run of domain/metrics/metrics-run.ts, from the Job Scheduler
 * at night or from `POST /api/v1/jobs/metrics`, reporting its progress on the job
 * (`{percent, phase, accountsDone, accountsTotal}`) for `GET /api/v1/jobs/{id}` and the
 * queue dashboard.
 */
import { runNightlyMetrics } from '../../domain/metrics/metrics-run.js';
import { config } from '../../infra/config.js';
import { withMetricsLanes } from '../../infra/metrics/metrics-lanes.js';
import type { JobHandler } from './job-handler.js';
import { configuredJobServices } from './job-services.js';

export const nightlyMetricsJob: JobHandler = async (job, deps) => {
  const services = deps.services ?? configuredJobServices();
  // The chunks' rules run on METRICS_THREADS threads (one per core by default), each with its own connections.
  const result = await withMetricsLanes(deps.orm, config().METRICS_THREADS, (lanes) => runNightlyMetrics(deps.orm, {
    timeZone: services.timeZone,
    onProgress: (progress) => job.updateProgress(progress),
    ...(lanes && { chunkWorker: lanes.work, parallel: lanes.parallel }),
  }));
  deps.log.info({ trigger: job.data?.trigger, ...result, sweep: { ...result.sweep, missedReadSample: undefined } }, 'nightly metrics done');
  return result;
};
