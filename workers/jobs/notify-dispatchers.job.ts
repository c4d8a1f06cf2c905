/**
 * `notify_dispatchers {orderNumber, what, deadline, key}`: an order missed its SLA
 * (docs/rules.md#service-orders); every active dispatcher gets an email. At most once per dispatcher and
 * SLA miss: a Redis `SET NX` on (key, dispatcher) is taken before sending and given
 * back only when the send fails, so a retried job skips those already told.
 */
import { sendDispatcherAlerts } from '../../domain/notifications/notification-dispatchers.js';
import type { JobHandler } from './job-handler.js';
import { configuredJobServices, connectedRedis } from './job-services.js';

export const notifyDispatchersJob: JobHandler = async (job, deps) => {
  const services = deps.services ?? configuredJobServices();
  const data = job.data as { orderNumber?: string; what?: string; deadline?: string; key?: string };
  const result = await sendDispatcherAlerts({
    orm: deps.orm, email: services.channels.email, timeZone: services.timeZone,
    claim: async (claimKey) => (await (await connectedRedis(services)).set(`${services.redisPrefix}:dispatcher-alert:${claimKey}`, '1', 'EX', 30 * 86_400, 'NX')) === 'OK',
    release: async (claimKey) => { await services.redis.del(`${services.redisPrefix}:dispatcher-alert:${claimKey}`); },
  }, {
    orderNumber: String(data.orderNumber ?? ''), what: String(data.what ?? 'SLA'), deadline: String(data.deadline ?? ''),
    key: String(data.key ?? `sla:${data.orderNumber}:${data.what}`),
  });
  deps.log.info({ orderNumber: data.orderNumber, ...result }, 'dispatchers notified');
  if (result.failed.length) throw new Error(`could not email ${result.failed.length} dispatcher(s): ${result.failed.join('; ')}`);
  return result;
};
