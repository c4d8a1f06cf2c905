/** The API process: one per core or per container; all state lives in Postgres, Redis and Temporal. */
import { serve } from '@hono/node-server';
import { config } from '../infra/config.js';
import { TemporalGateway } from '../infra/temporal/temporal-connection.js';
import { openRedis } from '../infra/queues/redis-connection.js';
import { logger } from '../infra/logger.js';
import { openOrm } from '../infra/database/orm.js';
import { openGenericPlanDb } from '../infra/database/generic-plan-pool.js';
import { listenForCallerChanges } from '../infra/database/caller-change-listener.js';
import { RememberedCallers } from '../domain/auth/remembered-callers.js';
import { createApp } from './app.js';
import { Drain } from './platform/drain.js';

const settings = config();
const log = logger().child({ process: 'api' });
const orm = await openOrm(settings.DATABASE_URL, { poolMax: settings.DATABASE_POOL_SIZE });
const genericPlanDb = openGenericPlanDb(settings.DATABASE_URL, settings.DATABASE_SEARCH_POOL_SIZE);
const redis = openRedis(settings.REDIS_URL, 'cistern-api');
const temporal = new TemporalGateway(settings.TEMPORAL_ADDRESS, settings.TEMPORAL_NAMESPACE);
const drain = new Drain();
// Callers remembered between requests, served only while this listener hears every change (domain/auth/remembered-callers.ts).
const listenUrl = settings.DATABASE_LISTEN_URL ?? settings.DATABASE_URL;
const callers = listenUrl === 'off' ? undefined : new RememberedCallers();
const callerChanges = callers && listenForCallerChanges(listenUrl, callers);
const app = createApp({ config: settings, orm, genericPlanDb, redis, temporal, log, drain, callers });

const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST }, (info) => {
  log.info({ port: info.port, host: settings.HOST }, 'API listening');
});

/** SIGTERM: finish the requests in flight (≤ 10 s), then close the services; a second signal does not cut it short. */
async function shutdown(signal: string) {
  log.info({ signal, inFlight: drain.inFlight }, 'API draining');
  const { unfinished } = await drain.drain(server, 10_000);
  log.info({ unfinished }, 'API drained, closing');
  await Promise.allSettled([orm.close(), genericPlanDb.destroy(), redis.quit(), temporal.close(), callerChanges?.close()]);
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
