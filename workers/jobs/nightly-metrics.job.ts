/**
 * `nightly_metrics`: the run of domain/metrics/metrics-run.ts, from the Job Scheduler
 * at night or from `POST /api/v1/jobs/metrics`, reporting its progress on the job
 * (`{percent, phase, accountsDone, accountsTotal}`) for `GET /api/v1/jobs/{id}` and the
 * queue dashboard.
 */
import { config } from '../../infra/config.js';
import { runNightlyMetricsOnLanes } from '../../infra/metrics/metrics-lanes.js';
import type { JobHandler } from './job-handler.js';
import { configuredJobServices } from './job-services.js';

export const nightlyMetricsJob: JobHandler = async (job, deps) => {
  const services = deps.services ?? configuredJobServices();
  // The chunks' rules run on METRICS_THREADS threads (one per core by default), each with its own connections.
  const result = await runNightlyMetricsOnLanes(deps.orm, config().METRICS_THREADS, {
    timeZone: services.timeZone,
    onProgress: (progress) => job.updateProgress(progress),
  });
  deps.log.info({ trigger: job.data?.trigger, ...result, sweep: { ...result.sweep, missedReadSample: undefined } }, 'nightly metrics done');
  return result;
};
