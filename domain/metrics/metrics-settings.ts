/**
 * The `metrics` setting (docs/rules.md#nightly-metrics): when the nightly run starts, how many accounts it
 * takes per chunk, and the thresholds of its reading anomaly sweep. Every field has a
 * default, so an admin stores only what they change. Kept apart from
 * `domain/settings/settings.ts` (which imports it) so the two never import each other.
 */
import { z } from 'zod';

/** Five cron fields (minute hour day month weekday), as BullMQ's Job Scheduler reads them. */
const CRON = /^\s*(\S+\s+){4}\S+\s*$/;

export const metricsSettingsSchema = z.object({
  /** Read in UTILITY_TIME_ZONE; 02:00 every night by default. */
  cron: z.string().regex(CRON, 'five cron fields, e.g. "0 2 * * *"').default('0 2 * * *'),
  /** Accounts loaded, computed and written per round: memory stays flat whatever the number of accounts. */
  chunkSize: z.number().int().min(50).max(20_000).default(1000),
  /** An active meter without a reading for this long is reported as a missed read. */
  missedReadDays: z.number().int().min(1).max(3650).default(62),
  /** A flagged reading nobody verified or rejected within this many days is reported as stale. */
  stalePendingReadingDays: z.number().int().min(1).max(3650).default(14),
  /** Flagged readings this recent whose consumer was never told (bulk imports) get their notification. */
  anomalyNoticeDays: z.number().int().min(0).max(365).default(7),
});

export type MetricsSettings = z.infer<typeof metricsSettingsSchema>;
export const DEFAULT_METRICS_SETTINGS: MetricsSettings = metricsSettingsSchema.parse({});
