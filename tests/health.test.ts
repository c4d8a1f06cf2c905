/** GET /health: each backing service `ok` or `down`, and 503 while any is down. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { withAdmin } from '../infra/database/database-admin.js';
import { openRedis } from '../infra/queues/redis-connection.js';
import { TemporalGateway } from '../infra/temporal/temporal-connection.js';
import { startTestServer, type TestServer } from './support/app-server.js';

// Ports nothing listens on: a service that is down.
const DEAD_REDIS = 'redis://127.0.0.1:1';
const DEAD_TEMPORAL = '127.0.0.1:2';

async function health(server: TestServer) {
  const response = await fetch(`${server.baseUrl}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

test('all services up: 200 and every one ok, without signing in', async () => {
  const server = await startTestServer('health_up');
  try {
    const { status, body } = await health(server);
    assert.equal(body, { status: 'ok', postgres: 'ok', redis: 'ok', temporal: 'ok' });
    assert.is(status, 200);
  } finally {
    await server.close();
  }
});

test('Redis and Temporal down: reported down with 503, not a crash', async () => {
  const server = await startTestServer('health_down', {
    redis: openRedis(DEAD_REDIS, 'dead'),
    temporal: new TemporalGateway(DEAD_TEMPORAL, 'default'),
  });
  try {
    const started = Date.now();
    const { status, body } = await health(server);
    assert.equal(body, { status: 'degraded', postgres: 'ok', redis: 'down', temporal: 'down' });
    assert.is(status, 503);
    assert.ok(Date.now() - started < 5000, 'answers within the checks’ timeouts');
  } finally {
    await server.close();
  }
});

test('a port that answers but is not Temporal (plain HTTP/1): Temporal reported down, quickly', async () => {
  const impostor = createServer((_request, response) => response.end('hello'));
  await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
  const { port } = impostor.address() as AddressInfo;
  const server = await startTestServer('health_impostor', { temporal: new TemporalGateway(`127.0.0.1:${port}`, 'default') });
  try {
    const started = Date.now();
    const { status, body } = await health(server);
    assert.is(body.temporal, 'down');
    assert.is(status, 503);
    assert.ok(Date.now() - started < 5000, 'answers within the checks’ timeouts');
  } finally {
    await server.close();
    impostor.close();
  }
});

test('PostgreSQL down: reported down, the other services still checked', async () => {
  const server = await startTestServer('health_pg_down');
  try {
    // Take the database away from the running app: refuse new connections and cut the open ones.
    // These server-level statements have no entity and no builder: they stay `sql` templates.
    await withAdmin(server.db.url, async (admin, name) => {
      await sql`alter database ${sql.id(name)} with allow_connections false`.execute(admin);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${name}`.execute(admin);
    });
    const { status, body } = await health(server);
    assert.is(body.postgres, 'down');
    assert.is(body.redis, 'ok');
    assert.is(body.temporal, 'ok');
    assert.is(status, 503);
  } finally {
    await withAdmin(server.db.url, (admin, name) => sql`alter database ${sql.id(name)} with allow_connections true`.execute(admin));
    await server.close();
  }
});

test.run();
