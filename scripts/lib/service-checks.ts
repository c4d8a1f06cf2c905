// Is PostgreSQL / Redis up? Checked before anything else starts; PostgreSQL is pinged with
// plain pg because no ORM exists yet at that point.
import pg from 'pg';
import { Redis } from 'ioredis';

/** Fails with a clear instruction when PostgreSQL or Redis (started by the machine) is not running. */
export async function assertPostgresAnswers(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`PostgreSQL does not answer at ${url.host} (${(error as Error).message}). Start it, e.g. 'pg_ctlcluster 15 main start'.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function assertRedisAnswers(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis does not answer at ${redisUrl} (${(error as Error).message}). Start it, e.g. 'redis-server --daemonize yes'.`);
  } finally {
    redis.disconnect();
  }
}
