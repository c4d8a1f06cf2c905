/**
 * The producer side of the BullMQ queues: their names, the job names, and an `add` that
 * fails fast. The API (on-demand metrics, retries, queue dashboard) and the outbox relay
 * enqueue through this; the jobs worker consumes (`workers/`).
 *
 * Fail fast matters: BullMQ waits for a connection that is not ready yet, so with Redis
 * down `queue.add` would hang, and the relay (and an API request) with it. Checking the
 * client's status first turns that into an immediate error: the outbox row then waits
 * and is tried again with backoff, and the API answers 503.
 */
import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { ServiceUnavailable } from '../../domain/common/errors.js';
import { withTimeout } from './redis-connection.js';

export const QUEUE_NAMES = {
  notifications: 'notifications',
  metrics: 'metrics',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

export const JOB_NAMES = {
  sendNotification: 'send_notification',
  notifyDispatchers: 'notify_dispatchers',
  nightlyMetrics: 'nightly_metrics',
  reconcileServiceOrders: 'reconcile_service_orders',
  sendPasswordReset: 'send_password_reset',
  sendPortalLetter: 'send_portal_letter',
  signInCleanup: 'sign_in_cleanup',
} as const;
export type JobName = (typeof JOB_NAMES)[keyof typeof JOB_NAMES];

/** The nightly run's Job Scheduler id: one per deployment, upserted on every worker boot. */
export const METRICS_SCHEDULER_ID = 'nightly-metrics';
/** The hourly service-order reconcile's Job Scheduler id (docs/rules.md#service-orders). */
export const RECONCILE_SCHEDULER_ID = 'service-order-reconcile';
/** The nightly clean-up of ended sessions, tokens, reset links and old sign-in attempts. */
export const SIGN_IN_CLEANUP_SCHEDULER_ID = 'nightly-sign-in-cleanup';

/** Finished jobs stay a while for the queue dashboard and for `jobId` deduplication, then go. */
export const KEEP_FINISHED: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 50_000 },
};

const ADD_TIMEOUT_MS = 3000;

export interface JobQueues {
  notifications: Queue;
  metrics: Queue;
  /** Adds a job, or throws ServiceUnavailable at once when Redis is not connected. */
  add(queue: QueueName, name: JobName, data: Record<string, unknown>, options?: JobsOptions): Promise<Job>;
  /** Adds several jobs, one round trip per queue, or throws as `add` does; a job whose id exists is not added again. */
  addBulk(jobs: Array<{ queue: QueueName; name: JobName; data: Record<string, unknown>; opts: JobsOptions }>): Promise<void>;
  /** Closes the queues; the Redis client is the caller's. */
  close(): Promise<void>;
}

/**
 * Queues over one Redis client (the caller's, e.g. `openRedis()`: offline queue disabled
 * so commands fail instead of waiting); `prefix` keeps deployments and test runs apart.
 */
export function openJobQueues(redis: Redis, prefix: string): JobQueues {
  // No `skipWaitingForReady`: a queue built while Redis is still connecting must wait for it,
  // or its first command fails and leaves it broken for good; `add` checks readiness itself.
  const options = { connection: redis, prefix };
  const queues = {
    notifications: new Queue(QUEUE_NAMES.notifications, options),
    metrics: new Queue(QUEUE_NAMES.metrics, options),
  };
  for (const queue of Object.values(queues)) queue.on('error', () => undefined); // surfaced by the failing add instead
  return {
    ...queues,
    async add(queue, name, data, jobOptions = {}) {
      if (redis.status !== 'ready') throw new ServiceUnavailable('Redis');
      try {
        return await withTimeout(queues[queue].add(name, data, { ...KEEP_FINISHED, ...jobOptions }), ADD_TIMEOUT_MS);
      } catch (error) {
        if (redis.status !== 'ready') throw new ServiceUnavailable('Redis');
        throw error;
      }
    },
    async addBulk(jobs) {
      if (redis.status !== 'ready') throw new ServiceUnavailable('Redis');
      const names = [...new Set(jobs.map((job) => job.queue))];
      try {
        await withTimeout(Promise.all(names.map((queue) => queues[queue].addBulk(jobs.filter((job) => job.queue === queue)
          .map((job) => ({ name: job.name, data: job.data, opts: { ...KEEP_FINISHED, ...job.opts } }))))), ADD_TIMEOUT_MS);
      } catch (error) {
        if (redis.status !== 'ready') throw new ServiceUnavailable('Redis');
        throw error;
      }
    },
    async close() {
      const closing = Promise.allSettled(Object.values(queues).map((queue) => queue.close()));
      // A queue whose Redis never answered waits for it forever while closing; there is nothing of ours to flush then.
      if (redis.status === 'ready') await closing;
    },
  };
}
