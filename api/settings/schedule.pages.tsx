/**
 * The nightly run's schedule on /admin/settings (admins): its next five runs listed as the
 * admin types, and on save the BullMQ Job Scheduler upserted at once, so the running jobs
 * workers use the new schedule without waiting for their minute's re-read of the setting.
 */
import { Hono, type Context } from 'hono';
import { nextRuns, saveMetricsSchedule, scheduleProblem, cronOf } from '../../domain/metrics/metrics-schedule.js';
import { formatLocalDateTime } from '../../domain/common/utility-time.js';
import { upsertMetricsSchedule } from '../../infra/queues/metrics-schedule.js';
import { ScheduleRunsList, ScheduleSettingsForm, type ScheduleFormProps, type ScheduleRuns } from '../../views/settings/schedule.view.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { formValues, handleForm } from '../common/forms.js';
import { jobQueuesOf } from '../common/job-queues.js';
import { requireRole } from '../middleware/require-role.js';

const zoneOf = (c: Context<AppEnv>) => c.get('deps').config.UTILITY_TIME_ZONE;

/** The next five starts of what was typed, in the utility's zone, or the reason it cannot be saved. */
export function runsOf(typed: string, timeZone: string): ScheduleRuns {
  const cron = cronOf(typed);
  const now = new Date();
  const problem = scheduleProblem(cron, timeZone, now);
  if (problem) return { problem: `Cannot be saved: ${problem}.` };
  return { runs: nextRuns(cron, timeZone, now).map((run) => formatLocalDateTime(run, timeZone)), timeZone };
}

/** The form as the settings page first shows it: the stored schedule. */
export function scheduleFormOf(cron: string, timeZone: string): ScheduleFormProps {
  return { cron, runs: runsOf(cron, timeZone) };
}

/** Tells BullMQ now; when Redis cannot be reached, the workers' own re-read applies it within a minute. */
async function reschedule(c: Context<AppEnv>, cron: string): Promise<string | undefined> {
  try {
    await upsertMetricsSchedule(jobQueuesOf(c.get('deps')).metrics, cron, zoneOf(c));
    return undefined;
  } catch (error) {
    c.get('log').warn({ err: error }, 'could not reschedule the nightly metrics from the settings page');
    return 'The job queue could not be reached: the jobs workers apply it within a minute.';
  }
}

export const schedulePageRoutes = new Hono<AppEnv>()
  .post('/admin/settings/schedule/runs', requireRole('admin'), async (c) => {
    const { cron = '' } = await formValues(c);
    return c.html(<ScheduleRunsList runs={runsOf(cron, zoneOf(c))} />);
  })
  .post('/admin/settings/schedule', requireRole('admin'), (c) => handleForm(c,
    async (values) => {
      const saved = await saveMetricsSchedule(c.get('em'), values.cron ?? '', actorOf(c), zoneOf(c));
      return { cron: saved.cron, notice: await reschedule(c, saved.cron) };
    },
    (values, errors, message) => c.html(<ScheduleSettingsForm cron={values.cron ?? ''} runs={runsOf(values.cron ?? '', zoneOf(c))}
      error={errors.cron} message={message} />),
    ({ cron, notice }) => c.html(<ScheduleSettingsForm {...scheduleFormOf(cron, zoneOf(c))} saved notice={notice} />)));
