// The real app served in-process over the bench database (as tests/support/app-server.ts
// does, but on an existing, seeded database), with a bench user signed in both ways:
// a bearer token for the JSON API and a session cookie for the pages. It remembers callers
// as an API process does (api/server.ts), so the statements captured from it are the ones
// the compiled API sends once warm.
import { serve, type ServerType } from '@hono/node-server';
import { sql } from 'kysely';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../api/app.js';
import type { AppDeps } from '../../api/app-env.js';
import { hashPassword } from '../../domain/auth/password.js';
import { db } from '../../domain/common/database.js';
import { parseConfig } from '../../infra/config.js';
import { openRedis } from '../../infra/queues/redis-connection.js';
import { TemporalGateway } from '../../infra/temporal/temporal-connection.js';
import { logger } from '../../infra/logger.js';
import { openOrm } from '../../infra/database/orm.js';
import { openGenericPlanDb } from '../../infra/database/generic-plan-pool.js';
import { listenForCallerChanges } from '../../infra/database/caller-change-listener.js';
import { RememberedCallers } from '../../domain/auth/remembered-callers.js';
import { newRow } from '../../tests/support/rows.js';

export interface BenchApp {
  baseUrl: string;
  token: string;
  cookie: string;
  deps: AppDeps;
  close(): Promise<void>;
}

const BENCH_EMAIL = 'bench-agent@example.com';
const BENCH_PASSWORD = 'bench-agent-password';

async function ensureBenchUser(deps: AppDeps): Promise<void> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await db(deps.orm.em).insertInto('app_user')
    .values(newRow('app_user', { email: BENCH_EMAIL, name: 'Bench agent', role: 'agent', password_hash: passwordHash, active: true, created_at: sql<Date>`now()` }))
    .onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({ password_hash: eb.ref('excluded.password_hash'), active: true })))
    .execute();
}

async function bearerToken(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: BENCH_EMAIL, password: BENCH_PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`bench sign-in (token) failed: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

async function sessionCookie(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ email: BENCH_EMAIL, password: BENCH_PASSWORD, next: '/' }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 303 || !cookie) throw new Error(`bench sign-in (page) failed: ${response.status}`);
  return cookie;
}

export async function startBenchApp(databaseUrl: string): Promise<BenchApp> {
  const config = parseConfig({ ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' });
  const callers = new RememberedCallers();
  const deps: AppDeps = {
    config,
    orm: await openOrm(databaseUrl, { poolMax: 10 }), // as the API's
    genericPlanDb: openGenericPlanDb(databaseUrl, config.DATABASE_SEARCH_POOL_SIZE),
    redis: openRedis(config.REDIS_URL, 'cistern-bench'),
    temporal: new TemporalGateway(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE),
    log: logger().child({ bench: true }, { level: 'warn' }),
    callers,
  };
  const callerChanges = listenForCallerChanges(databaseUrl, callers);
  await callerChanges.ready;
  await ensureBenchUser(deps);
  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const [token, cookie] = await Promise.all([bearerToken(baseUrl), sessionCookie(baseUrl)]);
  return {
    baseUrl, token, cookie, deps,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      deps.redis.disconnect();
      await deps.temporal.close();
      await deps.orm.close();
      await deps.genericPlanDb?.destroy();
      await callerChanges.close();
    },
  };
}

/** GETs `path` and reads the whole body; throws unless the status is 200. */
export async function getOk(url: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(url, { headers });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} → ${response.status}: ${body.slice(0, 200)}`);
  return body;
}
