/**
 * Upserting the nightly run's BullMQ Job Scheduler: the `metrics` setting's cron in the
 * utility's time zone. Idempotent, so the jobs workers do it at boot and on every change
 * they notice, and the settings page does it right after an admin saves a new schedule.
 */
import type { Queue } from 'bullmq';
import { JOB_NAMES, KEEP_FINISHED, METRICS_SCHEDULER_ID } from './job-queues.js';

/** A failed run is tried once more an hour later; the next night's run comes anyway. */
const RUN_OPTIONS = { attempts: 2, backoff: { type: 'fixed', delay: 3_600_000 }, ...KEEP_FINISHED } as const;

export async function upsertMetricsSchedule(queue: Queue, pattern: string, timeZone: string): Promise<void> {
  await queue.upsertJobScheduler(METRICS_SCHEDULER_ID, { pattern, tz: timeZone }, {
    name: JOB_NAMES.nightlyMetrics, data: { trigger: 'schedule' }, opts: RUN_OPTIONS,
  });
}
