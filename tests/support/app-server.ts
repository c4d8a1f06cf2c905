// The whole app served for a test file over its own database, and users to sign in with.
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app.js';
import type { AppDeps } from '../../api/app-env.js';
import { hashPassword, scryptCost } from '../../domain/auth/password.js';
import { db as query } from '../../domain/common/database.js';
import { parseConfig, type Config } from '../../infra/config.js';
import type { Role } from '../../domain/common/enums.js';
import { openRedis } from '../../infra/queues/redis-connection.js';
import { TemporalGateway } from '../../infra/temporal/temporal-connection.js';
import { logger } from '../../infra/logger.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { openGenericPlanDb } from '../../infra/database/generic-plan-pool.js';
import { insertRow } from './rows.js';
import { TEST_DAYTIME } from './time-zone.js';

/**
 * The real app on a real HTTP port (so cookies, client addresses and headers behave as
 * in production), over a database of its own and the run's Redis and Temporal.
 */
export interface TestServer {
  baseUrl: string;
  db: TestDatabase;
  deps: AppDeps;
  server: ServerType;
  close(): Promise<void>;
}

/**
 * Tests hash passwords with scrypt N = 2^12 instead of production's 2^17, so signing in
 * stays fast; tests/password-lifecycle.test.ts signs in at the production cost.
 */
export const TEST_SCRYPT_LOG2_N = '12';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({ ...process.env, NODE_ENV: 'test', PASSWORD_SCRYPT_LOG2_N: TEST_SCRYPT_LOG2_N, ...overrides });
}

export async function startTestServer(label: string, overrides: Partial<AppDeps> = {}, env: Record<string, string> = {}): Promise<TestServer> {
  const db = await createTestDatabase(label);
  const config = testConfig({ DATABASE_URL: db.url, ...env });
  const deps: AppDeps = {
    config,
    orm: db.orm,
    genericPlanDb: openGenericPlanDb(db.url, 2), // as the API's, so the routes' searches take the same path
    redis: overrides.redis ?? openRedis(config.REDIS_URL, 'cistern-test'),
    temporal: overrides.temporal ?? new TemporalGateway(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE),
    log: logger(),
    drain: overrides.drain,
    clock: overrides.clock ?? TEST_DAYTIME,
    callers: overrides.callers,
  };
  const served = await serveApp(deps);
  return {
    baseUrl: served.baseUrl,
    db,
    deps,
    server: served.server,
    async close() {
      await served.close();
      deps.redis.disconnect();
      await deps.temporal.close();
      await deps.genericPlanDb?.destroy(); // before the drop, which waits for no connection
      await db.drop();
    },
  };
}

/** The app built from `deps` on a free port of 127.0.0.1 (a second app may share a test server's database). */
export async function serveApp(deps: AppDeps): Promise<{ baseUrl: string; server: ServerType; close(): Promise<void> }> {
  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    // A drained server (tests/graceful-drain.test.ts) has closed already.
    close: () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve())),
  };
}

export async function createUser(db: TestDatabase, role: Role, email = `${role}@example.com`, password = 'correct horse battery') {
  const hash = await hashPassword(password, scryptCost(Number(TEST_SCRYPT_LOG2_N)));
  await insertRow(query(db.orm.em), 'app_user', { email, name: `Test ${role}`, role, password_hash: hash, active: true, created_at: sql<Date>`now()` });
  return { email, password };
}
