import { Redis } from 'ioredis';

/**
 * The BullMQ queues and their Redis connections. The prefix keeps each deployment's
 * (and each test run's) keys apart in one Redis.
 */
export const QUEUE_NAMES = {
  notifications: 'notifications',
  metrics: 'metrics',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** BullMQ workers need `maxRetriesPerRequest: null` so blocking commands wait through Redis restarts. */
export function workerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}
