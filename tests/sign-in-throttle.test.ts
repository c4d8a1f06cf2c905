/**
 * The sign-in throttle under concurrency and behind a balancer (docs/rules.md#sign-in-and-sessions):
 * parallel guesses each count before their password is checked; per-address limits see the
 * client a trusted proxy forwards for, and nobody else's X-Forwarded-For.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { createUser, serveApp, startTestServer, testConfig, type TestServer } from './support/app-server.js';

let server: TestServer;
/** The same database served by an app that trusts no proxy. */
let direct: { baseUrl: string; close(): Promise<void> };
const PER_ADDRESS = 8;

test.before(async () => {
  // The test's requests come from 127.0.0.1: that is the "balancer" of this app.
  server = await startTestServer('sign_in_throttle', {}, { TRUST_PROXY: '127.0.0.1, 10.0.0.0/8', LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS) });
  direct = await serveApp({ ...server.deps, config: { ...server.deps.config, TRUST_PROXY: [] } });
});
test.after(async () => {
  await direct.close();
  await server.close();
});

const query = () => db(server.db.orm.em.fork());
const clearAttempts = () => query().deleteFrom('login_attempt').execute();

function tokenRequest(baseUrl: string, email: string, password: string, forwardedFor?: string) {
  return fetch(`${baseUrl}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ email, password }),
  });
}

async function statusCounts(responses: Response[]): Promise<Record<number, number>> {
  const counts: Record<number, number> = {};
  for (const response of responses) {
    counts[response.status] = (counts[response.status] ?? 0) + 1;
    await response.body?.cancel();
  }
  return counts;
}

test('50 parallel wrong passwords for one e-mail: at most 5 answer 401, the rest 429', async () => {
  await clearAttempts();
  const victim = await createUser(server.db, 'agent', 'parallel@example.com');
  const responses = await Promise.all(Array.from({ length: 50 }, () => tokenRequest(server.baseUrl, victim.email, 'a wrong guess')));
  const counts = await statusCounts(responses);
  assert.ok((counts[401] ?? 0) <= 5 && (counts[401] ?? 0) >= 1, JSON.stringify(counts));
  assert.is((counts[401] ?? 0) + (counts[429] ?? 0), 50, JSON.stringify(counts));
  // Even the right password waits now: the account's window is full.
  assert.is((await tokenRequest(server.baseUrl, victim.email, victim.password)).status, 429);
});

test('parallel guesses across many e-mails from one address stop at the per-address limit', async () => {
  await clearAttempts();
  const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => tokenRequest(direct.baseUrl, `spray${i}@example.com`, 'guess')));
  const counts = await statusCounts(responses);
  assert.ok((counts[401] ?? 0) <= PER_ADDRESS, JSON.stringify(counts));
  assert.is((counts[401] ?? 0) + (counts[429] ?? 0), 30, JSON.stringify(counts));
});

test('behind TRUST_PROXY two clients with different forwarded addresses are throttled separately', async () => {
  await clearAttempts();
  for (let i = 0; i < PER_ADDRESS; i++) {
    // Whatever a client writes to the left of the proxy's entry does not change who it is.
    const refused = await tokenRequest(server.baseUrl, `a${i}@example.com`, 'guess', `198.51.100.${i}, 203.0.113.10`);
    assert.is(refused.status, 401);
  }
  const blockedA = await tokenRequest(server.baseUrl, 'another@example.com', 'guess', '192.0.2.99, 203.0.113.10');
  assert.is(blockedA.status, 429);
  assert.match(((await blockedA.json()) as { error: { message: string } }).error.message, 'from this address');
  const clientB = await tokenRequest(server.baseUrl, 'another@example.com', 'guess', '203.0.113.20');
  assert.is(clientB.status, 401, 'client B has its own count');
  // A chain through a second trusted hop (10.0.0.0/8) still ends at the client.
  const viaTwoProxies = await tokenRequest(server.baseUrl, 'b@example.com', 'guess', '203.0.113.30, 10.1.2.3');
  assert.is(viaTwoProxies.status, 401);
  const rows = await query().selectFrom('login_attempt').select('ip_address').distinct().orderBy('ip_address').execute();
  assert.equal(rows.map((row) => row.ip_address), ['203.0.113.10', '203.0.113.20', '203.0.113.30']);
});

test('a forged X-Forwarded-For from an untrusted peer is ignored', async () => {
  await clearAttempts();
  for (let i = 0; i < PER_ADDRESS; i++) {
    const refused = await tokenRequest(direct.baseUrl, `f${i}@example.com`, 'guess', `203.0.113.${100 + i}`);
    assert.is(refused.status, 401);
  }
  const blocked = await tokenRequest(direct.baseUrl, 'fresh@example.com', 'guess', '198.51.100.200');
  assert.is(blocked.status, 429, 'a new forged address does not reset the count');
  const rows = await query().selectFrom('login_attempt').select('ip_address').distinct().execute();
  assert.equal(rows.map((row) => row.ip_address), ['127.0.0.1']);
});

test('a sign-in name no account can have (a NUL, 300 characters) is refused like a wrong password, never a 500', async () => {
  for (const email of ['nul\u0000@example.com', `${'x'.repeat(300)}@example.com`]) {
    const page = await fetch(`${server.baseUrl}/login`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
      body: new URLSearchParams({ email, password: 'whatever' }),
    });
    assert.is(page.status, 401);
    await page.body?.cancel();
  }
});

test('the config refuses a trusted proxy that is not an address or CIDR', () => {
  assert.throws(() => testConfig({ TRUST_PROXY: 'balancer.internal' }), /TRUST_PROXY/);
});

test.run();
