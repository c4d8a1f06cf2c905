/**
 * `sign_in_cleanup`: the nightly deletion of ended sessions, dead API tokens, spent reset
 * links and sign-in attempts past their keeping time (domain/auth/sign-in-cleanup.ts),
 * run by its own Job Scheduler at 03:30 in the utility's time zone.
 */
import type { Queue } from 'bullmq';
import { deleteEndedSignInRecords } from '../../domain/auth/sign-in-cleanup.js';
import { config } from '../../infra/config.js';
import { JOB_NAMES, KEEP_FINISHED, SIGN_IN_CLEANUP_SCHEDULER_ID } from '../../infra/queues/job-queues.js';
import type { JobHandler } from './job-handler.js';

export const SIGN_IN_CLEANUP_CRON = '30 3 * * *';

export const signInCleanupJob: JobHandler = async (_job, deps) => {
  const deleted = await deleteEndedSignInRecords(deps.orm.em.fork(), config().SESSION_IDLE_MINUTES);
  deps.log.info({ deleted }, 'sign-in records cleaned up');
  return deleted;
};

/** Idempotent: every worker upserts the same scheduler at boot. */
export async function scheduleSignInCleanup(queue: Queue, timeZone: string): Promise<void> {
  await queue.upsertJobScheduler(SIGN_IN_CLEANUP_SCHEDULER_ID, { pattern: SIGN_IN_CLEANUP_CRON, tz: timeZone }, {
    name: JOB_NAMES.signInCleanup, data: { trigger: 'schedule' }, opts: { attempts: 2, backoff: { type: 'fixed', delay: 3_600_000 }, ...KEEP_FINISHED },
  });
}
