/**
 * The jobs worker of workers/jobs.ts, in the test's process: BullMQ workers dispatching
 * through the job catalogue, the outbox relay with its BullMQ handlers, over a Redis key
 * prefix of the test's own (under the run's REDIS_PREFIX) and the channels it chooses.
 */
import { Worker, type WorkerOptions } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { openJobQueues, QUEUE_NAMES, type JobQueues, type QueueName } from '../../infra/queues/job-queues.js';
import { bullmqHandlers, createOutboxRelay, type OutboxRelay } from '../../infra/outbox/outbox-relay.js';
import { openRedis } from '../../infra/queues/redis-connection.js';
import { logger } from '../../infra/logger.js';
import type { Orm } from '../../infra/database/orm.js';
import type { ChannelSenders } from '../../domain/notifications/notification-channel.js';
import { emailSender } from '../../infra/channels/email-sender.js';
import { smsSender } from '../../infra/channels/sms-sender.js';
import { handlerFor } from '../../workers/jobs/job-catalogue.js';
import { smtpPoolOf, type JobServices } from '../../workers/jobs/job-services.js';
import { config } from '../../infra/config.js';
import { concurrencyOf, workerConnection } from '../../infra/queues/worker-connection.js';
import type { SmsSink, SmtpSink } from './notification-sinks.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
import { TEST_DAYTIME, TEST_TIME_ZONE } from './time-zone.js';

export { TEST_TIME_ZONE };

/**
 * A key prefix for one test file (or one part of it), under the run's prefix so the runner
 * clears it; random too, so a rerun against the same Redis never meets an old run's jobs.
 */
export function testRedisPrefix(label: string): string {
  return `${process.env.REDIS_PREFIX ?? 'cistern-test'}:${label}-${randomBytes(3).toString('hex')}`;
}

export async function readyRedis(name: string): Promise<Redis> {
  const redis = openRedis(TEST_REDIS_URL, name);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
}

/** The channels to the local sinks, with the production SMTP pool (SMTP_POOL_CONNECTIONS, SMTP_POOL_MAX_MESSAGES). */
export function sinkChannels(smtp: SmtpSink, sms: SmsSink, timeoutMs = 3000): ChannelSenders {
  return {
    email: emailSender({ smtpUrl: smtp.url, from: 'Cistern Water <notifications@cistern.example>', timeoutMs, pool: smtpPoolOf(config()) }),
    sms: smsSender({ url: sms.url, apiKey: sms.apiKey, from: 'CISTERN', timeoutMs }),
  };
}

export interface TestJobsWorker {
  queues: JobQueues;
  relay: OutboxRelay;
  services: JobServices;
  workers: Worker[];
  stop(): Promise<void>;
}

export interface JobsWorkerOptions {
  prefix: string;
  channels: ChannelSenders;
  queues?: QueueName[];
  worker?: Partial<WorkerOptions>;
  /** Start the relay loop (default true). */
  relay?: boolean;
  /** The instant the relay reads quiet hours against (default: a weekday noon, outside them). */
  now?: () => Date;
}

export async function startTestJobsWorker(orm: Orm, options: JobsWorkerOptions): Promise<TestJobsWorker> {
  const producer = await readyRedis('test-jobs-producer');
  const queues = openJobQueues(producer, options.prefix);
  const services: JobServices = { channels: options.channels, redis: producer, redisPrefix: options.prefix, timeZone: TEST_TIME_ZONE, sendTimeoutMs: 200 };
  const log = logger();
  // A connection handed to a Worker is shared: the Worker does not close it, so stop() does.
  const connections: Redis[] = [];
  const workers = (options.queues ?? Object.values(QUEUE_NAMES)).map((queue) => {
    const connection = workerConnection(TEST_REDIS_URL);
    connections.push(connection);
    return new Worker(queue, (job) => handlerFor(queue, job.name)(job, { orm, log, services }),
      { connection, prefix: options.prefix, concurrency: concurrencyOf(queue, config()), ...options.worker });
  });
  for (const worker of workers) worker.on('error', () => undefined);
  const relay = createOutboxRelay({ orm, log, handlers: bullmqHandlers(queues, { timeZone: TEST_TIME_ZONE, now: options.now ?? TEST_DAYTIME }) });
  const stopRelay = options.relay === false ? async () => undefined : relay.start(50);
  return {
    queues, relay, services, workers,
    async stop() {
      await stopRelay();
      await Promise.allSettled(workers.map((worker) => worker.close()));
      for (const connection of connections) connection.disconnect();
      await queues.close();
      producer.disconnect();
      await Promise.allSettled([options.channels.email.close?.(), options.channels.sms.close?.()]);
    },
  };
}

/** Polls until `check` returns something truthy (that value), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T> | T, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
