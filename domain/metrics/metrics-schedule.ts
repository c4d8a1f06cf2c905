/**
 * When the nightly run starts (docs/rules.md#nightly-metrics): the `cron` of the `metrics` setting, read in the
 * utility's time zone, parsed with cron-parser as BullMQ's Job Scheduler parses it, so the
 * runs the editor lists are the runs that happen. An admin may type a time ("03:30") for
 * "every night at"; a schedule must start the run at most once a utility day and at least
 * once a week, since a day's snapshot is the day's and trend charts want every week.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { CronExpressionParser } from 'cron-parser';
import type { Actor } from '../common/actor.js';
import { Invalid } from '../common/errors.js';
import { utilityIsoDay } from '../common/calendar.js';
import { audit } from '../audit/audit.js';
import { getSetting, writeSetting } from '../settings/settings.js';
import { metricsSettingsSchema, type MetricsSettings } from './metrics-settings.js';

const FIVE_FIELDS = /^(\S+\s+){4}\S+$/;
const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
/** A week, and the hour a daylight-saving change may add to it. */
const WEEK_MS = 7 * 86_400_000 + 3_600_000;
/** Enough runs to see a weekly pattern repeat and to catch two runs on one day. */
const RUNS_CHECKED = 15;

/** "03:30" as "30 3 * * *"; a cron pattern as typed, its spaces collapsed. */
export function cronOf(input: string): string {
  const typed = input.trim().replace(/\s+/g, ' ');
  const clock = CLOCK_TIME.exec(typed);
  return clock ? `${Number(clock[2])} ${Number(clock[1])} * * *` : typed;
}

/** The next `count` starts of `cron` after `from`, in `timeZone`; throws cron-parser's error when it cannot be read. */
export function nextRuns(cron: string, timeZone: string, from: Date, count = 5): Date[] {
  return CronExpressionParser.parse(cron, { tz: timeZone, currentDate: from }).take(count).map((run) => run.toDate());
}

/** What is wrong with a schedule, as the inline message of its field; null when it is fine. */
export function scheduleProblem(cron: string, timeZone: string, from: Date): string | null {
  if (!FIVE_FIELDS.test(cron)) return 'a time such as 02:00, or five cron fields (minute hour day month weekday) such as "0 2 * * *"';
  let runs: Date[];
  try {
    runs = nextRuns(cron, timeZone, from, RUNS_CHECKED);
  } catch (error) {
    return `not a valid schedule: ${(error as Error).message}`;
  }
  if (runs.length === 0 || runs[0].getTime() - from.getTime() > WEEK_MS) return 'must run at least once a week';
  const days = runs.map((run) => utilityIsoDay(run, timeZone));
  if (new Set(days).size < days.length) return 'must run at most once a day (the run is nightly)';
  for (let i = 1; i < runs.length; i++) {
    if (runs[i].getTime() - runs[i - 1].getTime() > WEEK_MS) return 'must run at least once a week';
  }
  return null;
}

/** Stores a new schedule (the rest of the `metrics` setting kept) with its audit row; Invalid naming `cron` when refused. */
export async function saveMetricsSchedule(em: EntityManager, input: string, actor: Actor, timeZone: string): Promise<MetricsSettings> {
  const cron = cronOf(input);
  const problem = scheduleProblem(cron, timeZone, new Date());
  if (problem) throw new Invalid('The schedule was not saved.', { cron: problem });
  return em.transactional(async (tx) => {
    const before = await getSetting(tx, 'metrics');
    const next = metricsSettingsSchema.parse({ ...before, cron });
    await writeSetting(tx, 'metrics', next, actor.userId);
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'setting.update', entity: 'setting', entityId: 'metrics',
      before: { cron: before.cron }, after: { cron } });
    return next;
  });
}
