/**
 * Redis losing its data (a restart without AOF, a flush, a failover to an empty replica)
 * must not lose notifications: PostgreSQL still knows every notification that waits. The
 * sweeper finds those whose outbox row was relayed a while ago but whose BullMQ job is gone,
 * and hands the row back to the relay, which enqueues the same job id again.
 */
import type { Queue } from 'bullmq';
import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../domain/common/database.js';
import type { Orm } from '../database/orm.js';
import type { Logger } from '../logger.js';
import type { JobQueues } from '../queues/job-queues.js';
import { OUTBOX_JOB_ROUTES, createdMicrosOf, outboxJobIdOf } from './outbox-jobs.js';

export interface SweepOptions {
  /** A relayed row younger than this is left alone: its job may still be on its way. */
  graceSeconds?: number;
  /** Rows looked at per sweep; a sweep after a big loss takes a few minutes, never one huge transaction. */
  limit?: number;
}

/**
 * Relayed `send_notification` rows whose notification still waits: queued, or `sending`
 * for longer than a send takes (its worker vanished with the job); one being sent right now is left alone.
 */
function relayedRowsOfWaitingNotifications(em: EntityManager, graceSeconds: number, limit: number) {
  return db(em).selectFrom('notification as n')
    .innerJoin('outbox_message as o', (join) => join
      .on(sql<boolean>`(o.payload->>'notificationId')::int = n.id`)
      .on('o.target', '=', 'bullmq').on('o.kind', '=', 'send_notification'))
    .select(['o.id', createdMicrosOf('o.created_at').as('created_us')])
    .where((eb) => eb.or([
      eb('n.status', '=', 'queued'),
      eb.and([eb('n.status', '=', 'sending'), eb('n.updated_at', '<', sql<Date>`now() - make_interval(secs => ${graceSeconds})`)]),
    ]))
    .where('o.relayed_at', '<', sql<Date>`now() - make_interval(secs => ${graceSeconds})`)
    .orderBy('o.id').limit(limit)
    .forUpdate('o').skipLocked()
    .execute();
}

/** States in which a job will still run; anything else while its notification waits means the job was lost. */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

/**
 * Whether the job is still going to run. A job Redis lost is gone, or left as a stub
 * (a worker that was running it writes its outcome into a hash that no longer exists,
 * creating a job in no list: state "unknown"); a stub is removed so its id can be used again.
 */
async function isJobAlive(queue: Queue, jobId: string): Promise<boolean> {
  const job = await queue.getJob(jobId);
  if (!job) return false;
  if (LIVE_STATES.has(await job.getState())) return true;
  await job.remove().catch(() => undefined);
  return false;
}

/**
 * One sweep: returns how many rows were handed back to the relay. Safe with several
 * workers sweeping at once (rows are locked, skip locked) and with a job that does exist
 * (it is left alone); a job enqueued twice under one id is one job, and the sender's claim
 * sends a notification once whatever happens (docs/rules.md#notifications).
 */
export async function sweepLostNotificationJobs(orm: Orm, queues: JobQueues, options: SweepOptions = {}): Promise<number> {
  const { graceSeconds = 120, limit = 500 } = options;
  const queue = queues[OUTBOX_JOB_ROUTES.send_notification.queue];
  return orm.em.fork().transactional(async (em) => {
    const rows = await relayedRowsOfWaitingNotifications(em, graceSeconds, limit);
    // Every job asked about at once (its id comes with the row): one Redis round trip's wait for the lot, not one per row.
    const alive = await Promise.all(rows.map((row) => isJobAlive(queue, outboxJobIdOf(row.id, row.created_us))));
    const lost = rows.filter((_row, i) => !alive[i]).map((row) => row.id);
    if (lost.length) {
      await db(em).updateTable('outbox_message').set({ relayed_at: null, available_at: sql<Date>`now()` })
        .where('id', 'in', lost).execute();
    }
    return lost.length;
  });
}

/** Sweeps every `intervalMs` (and once at start); returns the stop function. */
export function keepSweepingLostJobs(orm: Orm, queues: JobQueues, log: Logger, intervalMs = 60_000, options: SweepOptions = {}): () => void {
  const sweep = async () => {
    try {
      const handedBack = await sweepLostNotificationJobs(orm, queues, options);
      if (handedBack) log.warn({ handedBack }, 'notification jobs missing from Redis were handed back to the outbox relay');
    } catch (error) {
      log.warn({ err: error }, 'lost-job sweep failed; will try again');
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), intervalMs);
  return () => clearInterval(timer);
}
