/**
 * The BullMQ queues and their Redis connections. The prefix keeps each deployment's
 * (and each test run's) keys apart in one Redis. The names live in `job-queues.ts`
 * because the API and the outbox relay enqueue too.
 */
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { QUEUE_NAMES, type QueueName } from './job-queues.js';

export { QUEUE_NAMES, type QueueName };

/** The metrics queue's jobs are few and heavy (the nightly run), so a handful at a time is plenty. */
const METRICS_CONCURRENCY = 4;

/**
 * Jobs one worker runs at a time on `queue`: notifications mostly wait on the database and
 * the mail server, so many run at once (NOTIFICATION_CONCURRENCY).
 */
export function concurrencyOf(queue: QueueName, settings: Pick<Config, 'NOTIFICATION_CONCURRENCY'>): number {
  return queue === QUEUE_NAMES.notifications ? settings.NOTIFICATION_CONCURRENCY : METRICS_CONCURRENCY;
}

/** BullMQ workers need `maxRetriesPerRequest: null` so blocking commands wait through Redis restarts. */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}
