/**
 * Where each BullMQ outbox intent goes: the queue, the job name and its retry policy.
 * The relay (`bullmqHandlers` in outbox-relay.ts) adds a batch's jobs in one call, each with a job id made from
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
import { notificationsHeldUntil } from '../../domain/notifications/notification-timing.js';
import { JOB_NAMES, QUEUE_NAMES, type JobName, type QueueName } from '../queues/job-queues.js';

/** The utility's zone and the current instant, as the relay reads quiet hours against them (tests fix the instant). */
export interface RelayClock { timeZone: string; now: () => Date }

export interface OutboxJobRoute {
  queue: QueueName;
  job: JobName;
  /** A consumer's notification: a text message in quiet hours is held as a delayed job until they end. */
  quietHours: boolean;
}

/** Outbox `kind` (target `bullmq`) → job. */
export const OUTBOX_JOB_ROUTES: Record<string, OutboxJobRoute> = {
  send_notification: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.sendNotification, quietHours: true },
  notify_dispatchers: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.notifyDispatchers, quietHours: false },
  [PASSWORD_RESET_OUTBOX_KIND]: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.sendPasswordReset, quietHours: false },
  [PORTAL_LETTER_OUTBOX_KIND]: { queue: QUEUE_NAMES.notifications, job: JOB_NAMES.sendPortalLetter, quietHours: false },
};

/** The outbox row as the relay claimed it: its id, kind, payload and creation instant in µs (text). */
export interface OutboxJobRow { id: number; kind: string; payload: Record<string, unknown>; created_us: string }

export interface OutboxJob { queue: QueueName; name: JobName; data: Record<string, unknown>; opts: JobsOptions }

/**
 * The jobs of a batch of rows, with two statements whatever its size: the retry policy (read when
 * the rows are relayed, so a changed setting applies to the next notification) and, for consumer
 * notifications, when quiet hours end (docs/rules.md#quiet-hours). The job id stays the row's, so a
 * held job delivered twice is still one job, sent once.
 */
export async function outboxJobsFor(em: EntityManager, rows: OutboxJobRow[], clock: RelayClock): Promise<OutboxJob[]> {
  const settings = await getSettingInTransaction(em, 'notifications');
  const now = clock.now();
  const quiet = rows.filter((row) => OUTBOX_JOB_ROUTES[row.kind].quietHours).map((row) => Number(row.payload.notificationId));
  const heldUntil = quiet.length ? await notificationsHeldUntil(em, quiet, settings, now, clock.timeZone) : new Map<number, Date>();
  return rows.map((row) => {
    const route = OUTBOX_JOB_ROUTES[row.kind];
    const held = route.quietHours ? heldUntil.get(Number(row.payload.notificationId)) : undefined;
    const opts: JobsOptions = { attempts: settings.attempts, backoff: { type: 'exponential', delay: settings.backoffMs }, jobId: outboxJobIdOf(row.id, row.created_us) };
    return { queue: route.queue, name: route.job, data: row.payload, opts: held ? { ...opts, delay: held.getTime() - now.getTime() } : opts };
  });
}

/**
 * The BullMQ job id of an outbox row: `outbox-<id>-<created_at in µs>`. The same row
 * always names the same job; the creation instant keeps a row apart from an older row
 * with the same id (a database reset or restored, ids restarting) whose finished job
 * Redis still keeps for deduplication and would otherwise swallow the new one silently.
 */
export function outboxJobIdOf(outboxId: number, createdUs: string | null | undefined): string {
  return `outbox-${outboxId}-${createdUs ?? '0'}`;
}

/** The creation instant in µs as text, the job id's second half, selected with the row (`column` names it in a join). */
export const createdMicrosOf = (column: 'created_at' | 'o.created_at') => sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`;
export const createdMicros = createdMicrosOf('created_at');

/** `outboxJobIdOf` for a row known only by its id. */
export async function outboxJobId(em: EntityManager, outboxId: number): Promise<string> {
  const row = await db(em).selectFrom('outbox_message').select(createdMicros.as('us')).where('id', '=', outboxId).executeTakeFirst();
  return outboxJobIdOf(outboxId, row?.us);
}
