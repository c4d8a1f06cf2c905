/**
 * `notify_dispatchers {orderNumber, what, deadline, key}`: an order missed its SLA
 * (docs/rules.md#service-orders); every active dispatcher gets an email. At most once per dispatcher and
 * SLA miss: a Redis `SET NX` on (key, dispatcher) is taken before sending and given
 * back only when the send fails, so a retried job skips those already told.
 */
import type { Redis } from 'ioredis';
import { sendDispatcherAlerts } from '../../domain/notifications/notification-dispatchers.js';
import { isRedisHealthy } from '../../infra/queues/redis-connection.js';
import type { JobHandler } from './job-handler.js';
import { configuredJobServices } from './job-services.js';

/** How long a claim waits for a Redis client that is still connecting. */
const CONNECTING_WAIT_MS = 2000;

/**
 * The worker's Redis client is opened with the first job that needs it and queues nothing while it connects
 * (infra/queues/redis-connection.ts): without this wait, the first alert after every start failed its first try
 * ("Stream isn't writeable") and waited for its retry. A client that stays down past the wait still fails the job.
 */
async function connected(redis: Redis): Promise<Redis> {
  if (redis.status !== 'ready') await isRedisHealthy(redis, CONNECTING_WAIT_MS);
  return redis;
}

export const notifyDispatchersJob: JobHandler = async (job, deps) => {
  const services = deps.services ?? configuredJobServices();
  const data = job.data as { orderNumber?: string; what?: string; deadline?: string; key?: string };
  const result = await sendDispatcherAlerts({
    orm: deps.orm, email: services.channels.email, timeZone: services.timeZone,
    claim: async (claimKey) => (await (await connected(services.redis)).set(`${services.redisPrefix}:dispatcher-alert:${claimKey}`, '1', 'EX', 30 * 86_400, 'NX')) === 'OK',
    release: async (claimKey) => { await services.redis.del(`${services.redisPrefix}:dispatcher-alert:${claimKey}`); },
  }, {
    orderNumber: String(data.orderNumber ?? ''), what: String(data.what ?? 'SLA'), deadline: String(data.deadline ?? ''),
    key: String(data.key ?? `sla:${data.orderNumber}:${data.what}`),
  });
  deps.log.info({ orderNumber: data.orderNumber, ...result }, 'dispatchers notified');
  if (result.failed.length) throw new Error(`could not email ${result.failed.length} dispatcher(s): ${result.failed.join('; ')}`);
  return result;
};
