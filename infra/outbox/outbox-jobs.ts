/**
 * Where each BullMQ outbox intent goes: the queue, the job name and its retry policy.
 * The relay (`bullmqHandlers` in outbox-relay.ts) adds the job with a job id made from
 * the row (`outboxJobId`), so a relay that delivers a row twice (a crash between `add`
 * and marking the row relayed) still enqueues it once; the worker checks at boot that every
 * job named here has a handler.
 */
import type { JobsOptions } from 'bullmq';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../domain/common/database.js';
import { getSettingInTransaction } from '../../domain/settings/settings.js';
import { PASSWORD_RESET_OUTBOX_KIND } from '../../domain/auth/password-reset.js';
import { PORTAL_LETTER_OUTBOX_KIND } from '../../domain/portal/portal-registration.js';
import { JOB_NAMES, QUEUE_NAMES, type JobName, type QueueName } from '../queues/job-queues.js';

export interface OutboxJobRoute {
  queue: QueueName;
  job: JobName;
  /** Retry policy, read when the row is relayed so a changed setting applies to the next notification. */
  options(em: EntityManager): Promise<JobsOptions>;
}

async function notificationRetries(em: EntityManager): Promise<JobsOptions> {
  const { attempts, backoffMs } = await getSettingInTransaction(em, 'notifications');
  return { attempts, backoff: { type: 'exponential', delay: backoffMs } };
}

/** Outbox `kind` (target `bullmq`) → job. */
export const OUTBOX_JOB_ROUTES: Record<string, OutboxJobRoute> = {
  send_notification: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.sendNotification, options: notificationRetries },
  notify_dispatchers: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.notifyDispatchers, options: notificationRetries },
  [PASSWORD_RESET_OUTBOX_KIND]: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.sendPasswordReset, options: notificationRetries },
  [PORTAL_LETTER_OUTBOX_KIND]: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.sendPortalLetter, options: notificationRetries },
};

/**
 * The BullMQ job id of an outbox row: `outbox-<id>-<created_at in µs>`. The same row
 * always names the same job; the creation instant keeps a row apart from an older row
 * with the same id (a database reset or restored, ids restarting) whose finished job
 * Redis still keeps for deduplication and would otherwise swallow the new one silently.
 */
export async function outboxJobId(em: EntityManager, outboxId: number): Promise<string> {
  const row = await db(em).selectFrom('outbox_message')
    .select(sql<string>`(extract(epoch from created_at) * 1000000)::bigint::text`.as('us'))
    .where('id', '=', outboxId).executeTakeFirst();
  return `outbox-${outboxId}-${row?.us ?? '0'}`;
}
