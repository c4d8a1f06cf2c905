/**
 * The nightly run's BullMQ Job Scheduler: the cron of the `metrics` setting (default
 * 02:00), read in the utility's time zone. Upserting is idempotent, so every worker does
 * it at boot; they then re-read the setting every minute and upsert again only when an
 * admin changed it (or Redis lost it), so a new schedule applies without a restart.
 */
import type { Queue } from 'bullmq';
import { METRICS_SCHEDULER_ID } from '../../infra/queues/job-queues.js';
import { upsertMetricsSchedule } from '../../infra/queues/metrics-schedule.js';
import type { Logger } from '../../infra/logger.js';
import type { Orm } from '../../infra/database/orm.js';
import { getSetting } from '../../domain/settings/settings.js';

/**
 * Upserts now and whenever the setting changes; returns the stop function. Until the
 * first upsert succeeds (Redis still connecting at boot, or down) it tries every 2 s.
 */
export function keepMetricsScheduled(queue: Queue, orm: Orm, timeZone: string, log: Logger, intervalMs = 60_000): () => void {
  let applied: string | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sync = async () => {
    try {
      const { cron } = await getSetting(orm.em.fork(), 'metrics');
      // A scheduler Redis lost (flushed, restarted empty) is upserted again, as a changed setting is.
      if (cron !== applied || !(await queue.getJobScheduler(METRICS_SCHEDULER_ID))) {
        await upsertMetricsSchedule(queue, cron, timeZone);
        applied = cron;
        log.info({ cron, timeZone }, 'nightly metrics scheduled');
      }
    } catch (error) {
      log.warn({ err: error }, 'could not schedule the nightly metrics yet; will try again');
    }
    if (!stopped) timer = setTimeout(() => void sync(), applied === null ? Math.min(2000, intervalMs) : intervalMs);
  };
  void sync();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
