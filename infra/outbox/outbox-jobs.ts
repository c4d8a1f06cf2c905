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
import { notificationHeldUntil } from '../../domain/notifications/notification-timing.js';
import { JOB_NAMES, QUEUE_NAMES, type JobName, type QueueName } from '../queues/job-queues.js';

/** The utility's zone and the current instant, as the relay reads quiet hours against them (tests fix the instant). */
export interface RelayClock { timeZone: string; now: () => Date }

export interface OutboxJobRoute {
  queue: QueueName;
  job: JobName;
  /** Retry policy (and a delay), read when the row is relayed so a changed setting applies to the next notification. */
  options(em: EntityManager, payload: Record<string, unknown>, clock: RelayClock): Promise<JobsOptions>;
}

async function notificationRetries(em: EntityManager): Promise<JobsOptions> {
  const { attempts, backoffMs } = await getSettingInTransaction(em, 'notifications');
  return { attempts, backoff: { type: 'exponential', delay: backoffMs } };
}

/**
 * A consumer's notification: the retry policy, and a text message in quiet hours is held as a
 * delayed job until they end (docs/rules.md#quiet-hours). The job id stays the row's, so a held
 * job delivered twice is still one job, sent once.
 */
async function consumerNotificationOptions(em: EntityManager, payload: Record<string, unknown>, clock: RelayClock): Promise<JobsOptions> {
  const retries = await notificationRetries(em);
  const now = clock.now();
  const heldUntil = await notificationHeldUntil(em, Number(payload.notificationId), now, clock.timeZone);
  return heldUntil ? { ...retries, delay: heldUntil.getTime() - now.getTime() } : retries;
}

/** Outbox `kind` (target `bullmq`) → job. */
export const OUTBOX_JOB_ROUTES: Record<string, OutboxJobRoute> = {
  send_notification: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.sendNotification, options: consumerNotificationOptions },
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
