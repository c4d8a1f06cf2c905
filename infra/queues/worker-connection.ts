import { Redis } from 'ioredis';

/**
 * The BullMQ queues and their Redis connections. The prefix keeps each deployment's
 * (and each test run's) keys apart in one Redis. The names live in the domain
 * (`infra/queues/job-queues.ts`) because the API and the outbox relay enqueue too.
 */
export { QUEUE_NAMES, type QueueName } from './job-queues.js';

/** BullMQ workers need `maxRetriesPerRequest: null` so blocking commands wait through Redis restarts. */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}
