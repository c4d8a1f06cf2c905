/**
 * The deployment-wide gauges of /metrics (queue depth and job outcomes from Redis, outbox lag and SLA
 * breaches from PostgreSQL), read when Prometheus scrapes so they need no background timer in any process.
 */
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import type { Orm } from './database/orm.js';
import { gaugeSourceUp, jobsTotal, outboxLagSeconds, outboxPending, queueJobs, serviceOrdersOverdue } from './prometheus.js';
import type { JobQueues } from './queues/job-queues.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
const SOURCE_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), SOURCE_TIMEOUT_MS).unref())]);
}

async function readQueues(queues: JobQueues) {
  for (const queue of [queues.notifications, queues.metrics]) {
    const counts = await queue.getJobCounts(...QUEUE_STATES);
    for (const state of QUEUE_STATES) queueJobs.set({ queue: queue.name, state }, counts[state] ?? 0);
    for (const outcome of ['completed', 'failed'] as const) {
      jobsTotal.set({ queue: queue.name, outcome }, (await queue.getMetrics(outcome, 0, 0)).meta.count);
    }
  }
}

async function readDatabase(orm: Orm) {
  const rows = db(orm.em.fork());
  const outbox = await rows.selectFrom('outbox_message')
    .select([sql<number>`count(*)::int`.as('pending'), sql<number>`coalesce(extract(epoch from now() - min(created_at)), 0)::float8`.as('lag')])
    .where('relayed_at', 'is', null).executeTakeFirstOrThrow();
  outboxPending.set(outbox.pending);
  outboxLagSeconds.set(outbox.lag);
  const overdue = await rows.selectFrom('service_order').select(['priority', sql<number>`count(*)::int`.as('n')])
    .where('overdue', '=', true).where('status', 'not in', ['completed', 'cancelled']).groupBy('priority').execute();
  serviceOrdersOverdue.reset();
  for (const { priority, n } of overdue) serviceOrdersOverdue.set({ priority }, n);
}

/** Refreshes every deployment gauge; a source that does not answer is reported down (cistern_metrics_source_up 0), not thrown. */
export async function refreshOperationalGauges(orm: Orm, queues: JobQueues): Promise<void> {
  const [postgres, redis] = await Promise.allSettled([withTimeout(readDatabase(orm)), withTimeout(readQueues(queues))]);
  gaugeSourceUp.set({ source: 'postgres' }, postgres.status === 'fulfilled' ? 1 : 0);
  gaugeSourceUp.set({ source: 'redis' }, redis.status === 'fulfilled' ? 1 : 0);
}
