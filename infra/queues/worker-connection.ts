/**
 * The BullMQ queues and their Redis connections. The prefix keeps each deployment's
 * (and each test run's) keys apart in one Redis. The names live in `job-queues.ts`
 * because the API and the outbox relay enqueue too.
 */
import { Redis } from 'ioredis';

export { QUEUE_NAMES, type QueueName } from './job-queues.js';

/** BullMQ workers need `maxRetriesPerRequest: null` so blocking commands wait through Redis restarts. */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}
