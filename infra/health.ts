/** The health check of GET /health: is each backing service (PostgreSQL, Redis, Temporal) answering? */
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Orm } from './database/orm.js';
import { db } from '../domain/common/database.js';
import { isRedisHealthy, withTimeout } from './queues/redis-connection.js';
import type { TemporalGateway } from './temporal/temporal-connection.js';

export type ServiceHealth = 'ok' | 'down';
export interface HealthReport {
  status: 'ok' | 'degraded';
  postgres: ServiceHealth;
  redis: ServiceHealth;
  temporal: ServiceHealth;
}

async function isPostgresHealthy(orm: Orm, timeoutMs = 1500): Promise<boolean> {
  try {
    await withTimeout(db(orm.em.fork()).selectNoFrom(sql.lit(1).as('one')).execute(), timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** Checks every backing service in parallel; a service that is down is reported, never thrown. */
export async function checkHealth(services: { orm: Orm; redis: Redis; temporal: TemporalGateway }): Promise<HealthReport> {
  const [postgres, redis, temporal] = await Promise.all([
    isPostgresHealthy(services.orm),
    isRedisHealthy(services.redis),
    services.temporal.isHealthy(),
  ]);
  const word = (ok: boolean): ServiceHealth => (ok ? 'ok' : 'down');
  return {
    status: postgres && redis && temporal ? 'ok' : 'degraded',
    postgres: word(postgres),
    redis: word(redis),
    temporal: word(temporal),
  };
}
