/** The API process: one per core or per container; all state lives in Postgres, Redis and Temporal. */
import { serve } from '@hono/node-server';
import { config } from '../infra/config.js';
import { TemporalGateway } from '../infra/temporal/temporal-connection.js';
import { openRedis } from '../infra/queues/redis-connection.js';
import { logger } from '../infra/logger.js';
import { openOrm } from '../infra/database/orm.js';
import { createApp } from './app.js';

const settings = config();
const log = logger().child({ process: 'api' });
const orm = await openOrm(settings.DATABASE_URL, { poolMax: 20 });
const redis = openRedis(settings.REDIS_URL, 'cistern-api');
const temporal = new TemporalGateway(settings.TEMPORAL_ADDRESS, settings.TEMPORAL_NAMESPACE);
const app = createApp({ config: settings, orm, redis, temporal, log });

const server = serve({ fetch: app.fetch, port: settings.PORT, hostname: settings.HOST }, (info) => {
  log.info({ port: info.port, host: settings.HOST }, 'API listening');
});

async function shutdown(signal: string) {
  log.info({ signal }, 'API shutting down');
  server.close();
  await Promise.allSettled([orm.close(), redis.quit(), temporal.close()]);
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
