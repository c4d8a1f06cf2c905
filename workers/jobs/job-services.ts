/**
 * What the job handlers need beyond the database: the notification channels, a Redis
 * client, the utility's time zone. Production builds them once from the configuration;
 * tests pass their own (a failing SMS endpoint, a channel that hangs mid-send).
 */
import type { Redis } from 'ioredis';
import { config, type Config } from '../../infra/config.js';
import { isRedisHealthy, openRedis } from '../../infra/queues/redis-connection.js';
import type { ChannelSenders } from '../../domain/notifications/notification-channel.js';
import { emailSender, type EmailSettings } from '../../infra/channels/email-sender.js';
import { smsSender } from '../../infra/channels/sms-sender.js';

export interface JobServices {
  channels: ChannelSenders;
  redis: Redis;
  /** Keys this deployment writes in Redis start with it (REDIS_PREFIX). */
  redisPrefix: string;
  timeZone: string;
  /** One send's time limit on a channel (NOTIFICATION_SEND_TIMEOUT_MS). */
  sendTimeoutMs: number;
}

let configured: JobServices | undefined;

/** The SMTP pool's size from the configuration (the same for the worker and the bench). */
export function smtpPoolOf(settings: Pick<Config, 'SMTP_POOL_CONNECTIONS' | 'SMTP_POOL_MAX_MESSAGES'>): EmailSettings['pool'] {
  return { connections: settings.SMTP_POOL_CONNECTIONS, maxMessages: settings.SMTP_POOL_MAX_MESSAGES };
}

/** The services from the process configuration, built on first use. */
export function configuredJobServices(): JobServices {
  if (configured) return configured;
  const settings = config();
  const timeoutMs = settings.NOTIFICATION_SEND_TIMEOUT_MS;
  configured = {
    channels: {
      email: emailSender({ smtpUrl: settings.SMTP_URL, from: settings.SMTP_FROM, timeoutMs, pool: smtpPoolOf(settings) }),
      sms: smsSender({ url: settings.SMS_PROVIDER_URL, apiKey: settings.SMS_API_KEY, from: settings.SMS_FROM, timeoutMs }),
    },
    redis: openRedis(settings.REDIS_URL, 'cistern-jobs'),
    redisPrefix: settings.REDIS_PREFIX,
    timeZone: settings.UTILITY_TIME_ZONE,
    sendTimeoutMs: timeoutMs,
  };
  return configured;
}

/** How long a job waits for the services' Redis client while it is still connecting. */
const CONNECTING_WAIT_MS = 2000;

/**
 * The services' Redis client, for a job to use now. The configured client is opened with the first job that needs
 * it and, built to fail fast, queues nothing while it connects (infra/queues/redis-connection.ts): used at once, the
 * first such job after every start failed its first try ("Stream isn't writeable") and waited for its retry. So a
 * client still connecting is waited for, briefly; one that stays down past the wait still fails the job's command.
 */
export async function connectedRedis(services: Pick<JobServices, 'redis'>): Promise<Redis> {
  if (services.redis.status !== 'ready') await isRedisHealthy(services.redis, CONNECTING_WAIT_MS);
  return services.redis;
}

/** Closes what `configuredJobServices` opened (graceful shutdown). */
export async function closeConfiguredJobServices(): Promise<void> {
  if (!configured) return;
  const { channels, redis } = configured;
  configured = undefined;
  await Promise.allSettled([channels.email.close?.(), channels.sms.close?.(), redis.quit()]);
}
