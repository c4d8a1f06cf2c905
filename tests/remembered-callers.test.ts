/**
 * The API process's remembered callers (domain/auth/remembered-callers.ts) with their listener
 * (infra/database/caller-change-listener.ts) on a real database, as api/server.ts runs them: a warm read
 * sends no caller statement; a write always reads its caller and forgets the rest; a change made
 * anywhere is refused once PostgreSQL's notice arrives, and a sign-out here on the very next request;
 * without the listener nothing is served.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { RememberedCallers } from '../domain/auth/remembered-callers.js';
import { CALLER_CHANGES_APPLICATION_NAME, listenForCallerChanges, type CallerChangeListener } from '../infra/database/caller-change-listener.js';
import { captureStatements } from '../scripts/bench/load/sql-replay.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken, htmxRequest, signIn } from './support/browser-session.js';

let server: TestServer;
let callers: RememberedCallers;
let listener: CallerChangeListener;

test.before(async () => {
  callers = new RememberedCallers();
  server = await startTestServer('remembered_callers', { callers });
  // A quick heartbeat (the API's: every 10 s, 5 s to answer), so the hung-server test below is short.
  listener = listenForCallerChanges(server.db.url, callers, { everyMs: 200, answerWithinMs: 1_000 });
  await listener.ready;
  await insertAccountFixture(server.db.orm, { accountNumber: 'WU-10001' });
});
test.after(async () => {
  await listener.close();
  await server.close();
});

const sqlOf = () => db(server.db.orm.em.fork());
const account = (headers: Record<string, string>) => fetch(`${server.baseUrl}/api/v1/accounts/WU-10001`, { headers });

/**
 * Which of the caller's tables (session, api_token) each statement one request sends reads; 'other' for the
 * rest. The listener beats every 200 ms here, on its own connection, and the capture leaves its statements
 * out (scripts/bench/load/sql-replay.ts): one that fell inside the request once made a warm read look like two.
 */
async function statementsOf(request: () => Promise<Response>, status: number): Promise<string[]> {
  const captured = await captureStatements(async () => {
    const response = await request();
    assert.is(response.status, status);
    await response.arrayBuffer();
  });
  return captured.map((s) => /"(session|api_token)"/.exec(s.text)?.[1] ?? 'other');
}

/** Waits (at most 2 s) for the change notice to reach the process: the remembered callers are forgotten. */
async function noticeArrived(): Promise<number> {
  const started = performance.now();
  while (callers.size > 0) {
    if (performance.now() - started > 2_000) throw new Error('no change notice within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return performance.now() - started;
}

/** A new agent with a token and a signed-in browser, each used once so the process remembers them. */
async function rememberedAgent(email: string, role: 'agent' | 'admin' = 'agent') {
  const user = await createUser(server.db, role, email);
  const token = await apiToken(server.baseUrl, user.email, user.password);
  const browser = await signIn(server.baseUrl, user.email, user.password);
  const bearer = { authorization: `Bearer ${token}` };
  assert.is((await account(bearer)).status, 200);
  assert.is((await account(bearer)).status, 200); // the first use is recorded; the second is read and kept
  assert.is((await fetch(`${server.baseUrl}/accounts/WU-10001`, { headers: { cookie: browser.cookie } })).status, 200);
  assert.ok(callers.size >= 2, 'the token and the session are remembered');
  return { user, bearer, browser };
}

test('the listener is listening: the API process serves remembered callers', () => {
  assert.ok(callers.serving);
});

test('a warm read sends no caller statement, only the account; the profile page likewise', async () => {
  const { bearer, browser } = await rememberedAgent('warm@example.com');
  const json = await statementsOf(() => account(bearer), 200);
  assert.equal(json, ['other'], 'one statement, the account');
  const page = await statementsOf(() => fetch(`${server.baseUrl}/accounts/WU-10001`, { headers: { cookie: browser.cookie } }), 200);
  assert.ok(page.length > 0 && !page.includes('session'), page.join(', '));
});

test('a write reads its caller afresh and forgets the remembered ones before it answers', async () => {
  const { bearer } = await rememberedAgent('writer@example.com');
  const post = () => fetch(`${server.baseUrl}/api/v1/accounts/WU-10001/notes`, {
    method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: '{}',
  });
  const tables = await statementsOf(post, 422);
  assert.ok(tables.includes('api_token'), tables.join(', '));
  assert.is(callers.size, 0);
});

test('a token revoked, a user deactivated or demoted elsewhere is refused once the notice arrives (well within a second)', async () => {
  const { user, bearer, browser } = await rememberedAgent('elsewhere@example.com');
  await sqlOf().updateTable('api_token').set({ revoked_at: sql`now()` })
    .where('user_id', '=', (eb) => eb.selectFrom('app_user').select('id').where('email', '=', user.email)).execute();
  assert.ok((await noticeArrived()) < 1_000);
  assert.is((await account(bearer)).status, 401);

  const other = await rememberedAgent('deactivated@example.com');
  await sqlOf().updateTable('app_user').set({ active: false }).where('email', '=', other.user.email).execute();
  await noticeArrived();
  assert.is((await account(other.bearer)).status, 401);
  const page = await fetch(`${server.baseUrl}/accounts/WU-10001`, { headers: { cookie: other.browser.cookie }, redirect: 'manual' });
  assert.is(page.status, 303, 'the page sends a signed-out browser to the sign-in');

  const demoted = await rememberedAgent('demoted@example.com', 'admin');
  const tokens = () => fetch(`${server.baseUrl}/api/v1/users/1/tokens`, { headers: demoted.bearer });
  assert.is((await tokens()).status, 200);
  await sqlOf().updateTable('app_user').set({ role: 'agent' }).where('email', '=', demoted.user.email).execute();
  await noticeArrived();
  assert.is((await tokens()).status, 403);
  const still = await fetch(`${server.baseUrl}/accounts/WU-10001`, { headers: { cookie: browser.cookie }, redirect: 'manual' });
  assert.is(still.status, 200, "the first agent's browser stays signed in: only its token was revoked");
});

test('a session deleted elsewhere is refused once the notice arrives; a last-use touch sends none', async () => {
  const { browser } = await rememberedAgent('touched@example.com');
  await sqlOf().updateTable('session').set({ last_seen_at: sql`now()` }).execute();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(callers.size > 0, 'a touch is not a change of caller');
  await sqlOf().deleteFrom('session').where('csrf_token', '=', browser.csrfToken).execute();
  await noticeArrived();
  const page = await fetch(`${server.baseUrl}/accounts/WU-10001`, { headers: { cookie: browser.cookie }, redirect: 'manual' });
  assert.is(page.status, 303);
});

test('a sign-out holds on the very next request, without waiting for the notice', async () => {
  const { browser } = await rememberedAgent('signs-out@example.com');
  const out = await htmxRequest(server.baseUrl, browser, '/logout', {});
  assert.is(out.status, 303);
  const page = await fetch(`${server.baseUrl}/accounts/WU-10001`, { headers: { cookie: browser.cookie }, redirect: 'manual' });
  assert.is(page.status, 303);
  assert.match(page.headers.get('location') ?? '', /^\/login/);
});

test('under a short idle timeout a remembered session is read again: used elsewhere it lives on, idle it ends', async () => {
  const shortCallers = new RememberedCallers();
  const short = await startTestServer('remembered_callers_idle', { callers: shortCallers }, { SESSION_IDLE_MINUTES: '0.05' }); // 3 s
  const shortListener = listenForCallerChanges(short.db.url, shortCallers);
  try {
    await shortListener.ready;
    await insertAccountFixture(short.db.orm, { accountNumber: 'WU-10001' });
    const user = await createUser(short.db, 'agent', 'idle@example.com');
    const browser = await signIn(short.baseUrl, user.email, user.password);
    const page = () => fetch(`${short.baseUrl}/accounts/WU-10001`, { headers: { cookie: browser.cookie }, redirect: 'manual' });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    assert.is((await page()).status, 200);
    assert.ok(shortCallers.size > 0, 'the session is remembered');
    await pause(2_000);
    // Another API process serves the same browser: it records the use, which sends no notice.
    await db(short.db.orm.em.fork()).updateTable('session').set({ last_seen_at: sql`now()` }).execute();
    await pause(1_500);
    assert.is((await page()).status, 200, 'the remembered use is 3.5 s old, the real one 1.5 s: read again, still live');
    await pause(3_500);
    assert.is((await page()).status, 303, 'idle longer than 3 s: signed out, though remembered less than a minute ago');
  } finally {
    await shortListener.close();
    await short.close();
  }
});

test('with its listener cut off the process serves no remembered caller, and serves them again once it listens again', async () => {
  const { bearer } = await rememberedAgent('cut-off@example.com');
  await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${CALLER_CHANGES_APPLICATION_NAME} and datname = current_database()`
    .execute(sqlOf());
  const started = performance.now();
  while (callers.serving && performance.now() - started < 2_000) await new Promise((resolve) => setTimeout(resolve, 5));
  assert.is(callers.serving, false);
  assert.ok((await statementsOf(() => account(bearer), 200)).includes('api_token'), 'the caller is read');
  assert.is(callers.size, 0, 'and not kept');
  while (!callers.serving && performance.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(callers.serving, 'listening again after the first retry (1 s)');
  await account(bearer);
  assert.equal(await statementsOf(() => account(bearer), 200), ['other']);
});

test('a listening connection that stops answering (a hung server, a silently dropped connection) is given up within the heartbeat', async () => {
  const { bearer } = await rememberedAgent('hung@example.com');
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
    where application_name = ${CALLER_CHANGES_APPLICATION_NAME} and datname = current_database()`.execute(sqlOf());
  assert.is(rows.length, 1);
  process.kill(rows[0].pid, 'SIGSTOP'); // the backend stops answering; its socket stays open
  try {
    const started = performance.now();
    while (callers.serving && performance.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.is(callers.serving, false, 'given up: no answer to the heartbeat');
    assert.ok(performance.now() - started < 2_500, 'within a heartbeat and its answer time');
    assert.ok((await statementsOf(() => account(bearer), 200)).includes('api_token'), 'the caller is read meanwhile');
  } finally {
    process.kill(rows[0].pid, 'SIGCONT');
  }
  const back = performance.now();
  while (!callers.serving && performance.now() - back < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(callers.serving, 'listening again on a new connection');
});

test.run();
