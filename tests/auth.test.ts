/** Sign-in end to end: sessions, cookies, bearer tokens, roles, CSRF and the throttle. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { apiToken, signIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { countStatements } from './support/statement-count.js';
import { connect, type Socket } from 'node:net';

let server: TestServer;
let agent: { email: string; password: string };
let admin: { email: string; password: string };

test.before(async () => {
  server = await startTestServer('auth', {}, { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '6' });
  agent = await createUser(server.db, 'agent');
  admin = await createUser(server.db, 'admin');
});
test.after(async () => server.close());

const query = () => db(server.db.orm.em);
const sessionCount = async () => (await query().selectFrom('session').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
const aMinuteAgo = sql<Date>`now() - interval '1 minute'`;
const url = (path: string) => `${server.baseUrl}${path}`;

test('the login page needs no session; other pages redirect to it', async () => {
  assert.is((await fetch(url('/login'))).status, 200);
  const home = await fetch(url('/'), { redirect: 'manual' });
  assert.is(home.status, 303);
  assert.is(home.headers.get('location'), '/login?next=%2F');
});

test('signing in sets a signed, HttpOnly, SameSite=Lax session cookie and shows the shell', async () => {
  const session = await signIn(server.baseUrl, agent.email, agent.password);
  const flags = session.setCookieHeader.toLowerCase();
  assert.match(flags, 'httponly');
  assert.match(flags, 'samesite=lax');
  assert.match(flags, 'path=/');
  assert.match(session.cookie, /^cistern_session=[^.]+\.[^.]+/); // value.signature
  const home = await fetch(url('/'), { headers: { cookie: session.cookie } });
  const html = await home.text();
  assert.is(home.status, 200);
  assert.match(html, 'Test agent');
  assert.match(html, '/static/htmx.min.js');
  assert.is(await sessionCount() >= 1, true);
});

test('a tampered cookie is not a session', async () => {
  const session = await signIn(server.baseUrl, agent.email, agent.password);
  const tampered = session.cookie.replace(/=(.)/, (_, ch) => `=${ch === 'A' ? 'B' : 'A'}`);
  const home = await fetch(url('/'), { headers: { cookie: tampered }, redirect: 'manual' });
  assert.is(home.status, 303);
});

test('a bad password is refused with the same message as an unknown email', async () => {
  const bad = await fetch(url('/login'), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
    body: new URLSearchParams({ email: admin.email, password: 'wrong' }),
  });
  const unknown = await fetch(url('/login'), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
    body: new URLSearchParams({ email: 'nobody@example.com', password: 'wrong' }),
  });
  assert.is(bad.status, 401);
  assert.is(unknown.status, 401);
  assert.match(await bad.text(), 'Email or password is incorrect.');
  assert.match(await unknown.text(), 'Email or password is incorrect.');
  assert.is(bad.headers.get('set-cookie'), null);
});

test('the API token exchange: 201 with a token, 401 for a bad password', async () => {
  const token = await apiToken(server.baseUrl, agent.email, agent.password);
  assert.ok(token.length > 20);
  const refused = await fetch(url('/api/v1/auth/token'), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: agent.email, password: 'nope' }),
  });
  assert.is(refused.status, 401);
  assert.is(((await refused.json()) as { error: { code: string } }).error.code, 'unauthorized');
});

test('missing, unknown and expired tokens get 401; a valid one reaches the API', async () => {
  assert.is((await fetch(url('/api/v1/dashboard'))).status, 401);
  assert.is((await fetch(url('/api/v1/dashboard'), { headers: { authorization: 'Bearer nonsense' } })).status, 401);
  const token = await apiToken(server.baseUrl, agent.email, agent.password);
  const ok = await fetch(url('/api/v1/dashboard'), { headers: { authorization: `Bearer ${token}` } });
  assert.is(ok.status, 200);
  const dashboard = (await ok.json()) as { totalAccounts: number };
  assert.type(dashboard.totalAccounts, 'number');
  await query().updateTable('api_token').set({ expires_at: aMinuteAgo }).execute();
  const expired = await fetch(url('/api/v1/dashboard'), { headers: { authorization: `Bearer ${token}` } });
  assert.is(expired.status, 401);
  const body = (await expired.json()) as { error: { code: string; message: string } };
  assert.is(body.error.code, 'unauthorized');
});

test('an expired session is signed out', async () => {
  const session = await signIn(server.baseUrl, agent.email, agent.password);
  await query().updateTable('session').set({ expires_at: aMinuteAgo }).execute();
  const home = await fetch(url('/'), { headers: { cookie: session.cookie }, redirect: 'manual' });
  assert.is(home.status, 303);
});

test('a role below the one a route needs gets 403', async () => {
  const agentToken = await apiToken(server.baseUrl, agent.email, agent.password);
  const refused = await fetch(url('/api/v1/audit'), { headers: { authorization: `Bearer ${agentToken}` } });
  assert.is(refused.status, 403);
  const adminToken = await apiToken(server.baseUrl, admin.email, admin.password);
  const allowed = await fetch(url('/api/v1/audit'), { headers: { authorization: `Bearer ${adminToken}` } });
  assert.is(allowed.status, 200);
});

/** Sends every request on its own connection, all written in one go once the server holds the connections: they arrive together. */
async function sendTogether(requests: Array<{ path: string; headers: Record<string, string> }>): Promise<number[]> {
  const { port } = new URL(server.baseUrl);
  const sockets = await Promise.all(requests.map(() => new Promise<Socket>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  })));
  await new Promise((resolve) => setTimeout(resolve, 50)); // the server has accepted them all
  const answers = sockets.map((socket) => new Promise<number>((resolve, reject) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (status) { resolve(Number(status[1])); socket.destroy(); }
    });
    socket.once('error', reject);
  }));
  requests.forEach(({ path, headers }, i) => {
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    sockets[i].write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${lines}connection: close\r\n\r\n`);
  });
  return Promise.all(answers);
}

test('callers looked up together (one statement for requests at the same moment) are each answered as themselves', async () => {
  const agentToken = await apiToken(server.baseUrl, agent.email, agent.password);
  const adminToken = await apiToken(server.baseUrl, admin.email, admin.password);
  const [agentSession, adminSession] = [await signIn(server.baseUrl, agent.email, agent.password), await signIn(server.baseUrl, admin.email, admin.password)];
  const callers: Array<{ as: string; path: string; headers: Record<string, string>; status: number }> = [
    { as: 'agent token', path: '/api/v1/audit', headers: { authorization: `Bearer ${agentToken}` }, status: 403 },
    { as: 'admin token', path: '/api/v1/audit', headers: { authorization: `Bearer ${adminToken}` }, status: 200 },
    { as: 'agent session', path: '/admin/audit', headers: { cookie: agentSession.cookie }, status: 403 },
    { as: 'admin session', path: '/admin/audit', headers: { cookie: adminSession.cookie }, status: 200 },
    { as: 'nobody', path: '/api/v1/audit', headers: { authorization: 'Bearer not-a-token' }, status: 401 },
  ];
  for (const caller of callers) assert.is((await fetch(url(caller.path), { headers: caller.headers })).status, caller.status, `${caller.as}, alone`);
  const burst = Array.from({ length: 30 }, (_, i) => callers[(i * 7) % callers.length]);
  let statuses: number[] = [];
  const { statements } = await countStatements(async () => { statuses = await sendTogether(burst); });
  const lookups = statements.filter((text) => text.includes('coalesced_call') && /"(session|api_token)"/.test(text)).length;
  assert.ok(lookups < burst.length, `the burst's callers were looked up in groups: ${lookups} lookups for ${burst.length} requests`);
  assert.equal(burst.map((caller, i) => `${caller.as}: ${statuses[i]}`), burst.map((caller) => `${caller.as}: ${caller.status}`));
});

test('a cross-site form post is refused and changes nothing', async () => {
  const session = await signIn(server.baseUrl, agent.email, agent.password);
  const before = await sessionCount();
  const forged = await fetch(url('/logout'), {
    method: 'POST', redirect: 'manual',
    headers: { cookie: session.cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: session.csrfToken }),
  });
  assert.is(forged.status, 403);
  assert.is(await sessionCount(), before);
});

test('a same-site post without the CSRF token is refused; with it, it goes through', async () => {
  const session = await signIn(server.baseUrl, agent.email, agent.password);
  const headers = { cookie: session.cookie, origin: server.baseUrl, 'content-type': 'application/x-www-form-urlencoded' };
  const without = await fetch(url('/logout'), { method: 'POST', redirect: 'manual', headers, body: '' });
  assert.is(without.status, 403);
  // As long as the real token in characters, longer in bytes: refused like any wrong token, never a 500.
  const accented = `é${session.csrfToken.slice(1)}`;
  for (const sent of [{ header: accented }, { field: accented }]) {
    const wrong = await fetch(url('/logout'), {
      method: 'POST', redirect: 'manual', headers: { ...headers, ...(sent.header ? { 'x-csrf-token': sent.header } : {}) },
      body: new URLSearchParams(sent.field ? { _csrf: sent.field } : {}),
    });
    assert.is(wrong.status, 403, JSON.stringify(sent));
  }
  const withToken = await fetch(url('/logout'), {
    method: 'POST', redirect: 'manual', headers, body: new URLSearchParams({ _csrf: session.csrfToken }),
  });
  assert.is(withToken.status, 303);
  const home = await fetch(url('/'), { headers: { cookie: session.cookie }, redirect: 'manual' });
  assert.is(home.status, 303, 'signed out');
});

test('pages carry a CSP that allows only the app’s own scripts and styles', async () => {
  const page = await fetch(url('/login'));
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.match(csp, "script-src 'self'");
  assert.match(csp, "style-src 'self'");
  assert.match(csp, "frame-ancestors 'none'");
  assert.is(page.headers.get('x-content-type-options'), 'nosniff');
});

test('sign-in attempts are throttled per account, with a retry time', async () => {
  const victim = await createUser(server.db, 'agent', 'throttled@example.com', 'right password 1');
  for (let i = 0; i < 3; i++) {
    const r = await fetch(url('/api/v1/auth/token'), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: victim.email, password: 'wrong' }),
    });
    assert.is(r.status, 401);
  }
  const blocked = await fetch(url('/api/v1/auth/token'), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: victim.email, password: victim.password }),
  });
  assert.is(blocked.status, 429);
  const retryAfter = Number(blocked.headers.get('retry-after'));
  assert.ok(retryAfter > 0 && retryAfter <= 15 * 60, `retry-after ${retryAfter}`);
  const page = await fetch(url('/login'), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
    body: new URLSearchParams({ email: victim.email, password: victim.password }),
  });
  assert.is(page.status, 429);
  assert.match(await page.text(), 'Too many failed sign-ins');
});

test('sign-in attempts are throttled per address across accounts', async () => {
  await query().deleteFrom('login_attempt').execute();
  for (let i = 0; i < 6; i++) {
    await fetch(url('/api/v1/auth/token'), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `guess${i}@example.com`, password: 'wrong' }),
    });
  }
  const blocked = await fetch(url('/api/v1/auth/token'), {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: admin.email, password: admin.password }),
  });
  assert.is(blocked.status, 429);
  assert.match(((await blocked.json()) as { error: { message: string } }).error.message, 'from this address');
  await query().deleteFrom('login_attempt').execute();
});

test('malformed and invalid token requests get 400 and 422 naming the field', async () => {
  const malformed = await fetch(url('/api/v1/auth/token'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
  assert.is(malformed.status, 400);
  const invalid = await fetch(url('/api/v1/auth/token'), {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'not-an-email', password: 'x' }),
  });
  assert.is(invalid.status, 422);
  const body = (await invalid.json()) as { error: { details: { fields: Record<string, string> } } };
  assert.ok(body.error.details.fields.email);
});

test('sign-out ends the session in the database', async () => {
  await query().deleteFrom('session').execute();
  const session = await signIn(server.baseUrl, agent.email, agent.password);
  await fetch(url('/logout'), {
    method: 'POST', redirect: 'manual',
    headers: { cookie: session.cookie, origin: server.baseUrl, 'x-csrf-token': session.csrfToken },
  });
  assert.is(await sessionCount(), 0);
});

test.run();
