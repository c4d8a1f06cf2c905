/** Security events reach the log (docs/security.md, V7): sign-ins, refused access, refused input; never a password or token. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createApp } from '../api/app.js';
import { loggerTo } from '../infra/logger.js';
import { apiToken } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';

let server: TestServer;
let logged: ServerType;
let baseUrl: string;
const lines: Record<string, unknown>[] = [];
let agent: { email: string; password: string };

test.before(async () => {
  server = await startTestServer('security_events');
  agent = await createUser(server.db, 'agent');
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  const app = createApp({ ...server.deps, log: loggerTo(sink) }); // the production logger's options, redaction included
  logged = await new Promise((resolve) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)); });
  baseUrl = `http://127.0.0.1:${(logged.address() as AddressInfo).port}`;
});
test.after(async () => {
  await new Promise((resolve) => logged.close(resolve));
  await server.close();
});

const eventsOf = (requestId: string) => lines.filter((line) => line.requestId === requestId && typeof line.event === 'string');

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual', ...init });
  await response.arrayBuffer();
  await new Promise((resolve) => setImmediate(resolve));
  return { status: response.status, events: eventsOf(response.headers.get('x-request-id') ?? '') };
}
const signInBody = (password: string) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: agent.email, password }) });

test('a failed and a successful sign-in are logged, without the password or the token', async () => {
  const failed = await call('/api/v1/auth/token', signInBody('not the password 1'));
  assert.is(failed.status, 401);
  assert.is(failed.events[0]?.event, 'sign_in.failed');
  assert.is(failed.events[0]?.level, 40, 'a warning');
  const succeeded = await call('/api/v1/auth/token', signInBody(agent.password));
  assert.is(succeeded.status, 201);
  assert.is(succeeded.events[0]?.event, 'sign_in.succeeded');
  const everything = JSON.stringify(lines);
  assert.not.match(everything, 'not the password 1');
  assert.not.match(everything, agent.password);
});

test('refused access is logged with the route, the user and how they signed in', async () => {
  const anonymous = await call('/api/v1/dashboard');
  assert.is(anonymous.status, 401);
  assert.is(anonymous.events[0]?.event, 'access.unauthenticated');
  const page = await call('/accounts/WU-10001');
  assert.is(page.status, 303);
  assert.is(page.events[0]?.event, 'access.unauthenticated');
  const token = await apiToken(baseUrl, agent.email, agent.password);
  const forbidden = await call('/api/v1/audit', { headers: { authorization: `Bearer ${token}` } });
  assert.is(forbidden.status, 403);
  assert.equal(
    { event: forbidden.events[0]?.event, route: forbidden.events[0]?.route, authVia: forbidden.events[0]?.authVia, user: typeof forbidden.events[0]?.userId },
    { event: 'access.forbidden', route: '/api/v1/audit', authVia: 'token', user: 'number' },
  );
  assert.not.match(JSON.stringify(lines), token);
});

test('refused input is logged; an ordinary answer is not an event', async () => {
  const token = await apiToken(baseUrl, agent.email, agent.password);
  const invalid = await call('/api/v1/accounts?pageSize=100000', { headers: { authorization: `Bearer ${token}` } });
  assert.is(invalid.status, 422);
  assert.is(invalid.events[0]?.event, 'input.refused');
  const fine = await call('/api/v1/dashboard', { headers: { authorization: `Bearer ${token}` } });
  assert.is(fine.status, 200);
  assert.equal(fine.events, []);
});


test('an X-Request-Id from a client that is not a trusted proxy is not taken: the request gets an id of its own', async () => {
  const token = await apiToken(baseUrl, agent.email, agent.password);
  const response = await fetch(`${baseUrl}/api/v1/dashboard`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'forged-request-0001' } });
  await response.arrayBuffer();
  assert.is(response.status, 200);
  assert.ok(response.headers.get('x-request-id'));
  assert.is.not(response.headers.get('x-request-id'), 'forged-request-0001');
});

test('a password-reset link refused for its input is logged without the link’s token', async () => {
  const token = 'Zm9yZ290LXBhc3N3b3JkLWxpbmstdG9rZW4';
  const refused = await call(`/reset-password/${token}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl },
    body: new URLSearchParams({ newPassword: 'short', confirmPassword: 'short' }),
  });
  assert.is(refused.status, 422);
  assert.equal({ event: refused.events[0]?.event, path: refused.events[0]?.path }, { event: 'input.refused', path: '/reset-password/[token]' });
  assert.not.match(JSON.stringify(lines), token, 'the token is a credential: no log line holds it');
});

test.run();
