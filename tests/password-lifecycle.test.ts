/**
 * Passwords and sessions over their life (docs/rules.md#sign-in-and-sessions): the
 * production scrypt cost and the rehash of older hashes at sign-in, the idle timeout,
 * changing one's own password, an admin's one-time reset link sent through the outbox and
 * the jobs worker, and API tokens listed and revoked one by one.
 */
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword, scryptCost, verifyPassword } from '../domain/auth/password.js';
import { sha256Hex } from '../domain/auth/tokens.js';
import { db } from '../domain/common/database.js';
import { createUser, serveApp, startTestServer, testConfig, type TestServer } from './support/app-server.js';
import { apiToken, htmxRequest, signIn } from './support/browser-session.js';
import { sinkChannels, startTestJobsWorker, testRedisPrefix, waitFor, type TestJobsWorker } from './support/jobs-worker.js';
import { startSmsSink, startSmtpSink, type SmsSink, type SmtpSink } from './support/notification-sinks.js';
import { insertRow } from './support/rows.js';

let server: TestServer;
let worker: TestJobsWorker;
let smtp: SmtpSink;
let sms: SmsSink;
let adminToken: string;

test.before(async () => {
  const prefix = testRedisPrefix('password-lifecycle');
  server = await startTestServer('password_lifecycle', {}, { REDIS_PREFIX: prefix });
  [smtp, sms] = await Promise.all([startSmtpSink(), startSmsSink()]);
  worker = await startTestJobsWorker(server.db.orm, { prefix, channels: sinkChannels(smtp, sms), queues: ['notifications'] });
  const admin = await createUser(server.db, 'admin', 'lifecycle-admin@example.com');
  adminToken = await apiToken(server.baseUrl, admin.email, admin.password);
});
test.after(async () => {
  await worker.stop();
  await Promise.all([smtp.close(), sms.close()]);
  await server.close();
});

const query = () => db(server.db.orm.em.fork());
const url = (path: string) => `${server.baseUrl}${path}`;
const userId = async (email: string) => (await query().selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
const storedHash = async (email: string) => (await query().selectFrom('app_user').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash;

async function api(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(url(`/api/v1${path}`), {
    method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function stillSignedIn(cookie: string): Promise<boolean> {
  const home = await fetch(url('/'), { headers: { cookie }, redirect: 'manual' });
  await home.body?.cancel();
  return home.status === 200;
}

test('a hash made with older scrypt parameters is replaced at sign-in by one at N=2^17, r=8, p=1', async () => {
  const email = 'old-hash@example.com';
  const password = 'an old but good password';
  await insertRow(query(), 'app_user', { email, name: 'Old hash', role: 'agent', password_hash: await hashPassword(password, scryptCost(14)), active: true, created_at: sql<Date>`now()` });
  assert.match(await storedHash(email), /^scrypt\$16384\$8\$1\$/);
  // The same database behind an app at the production cost.
  const production = await serveApp({ ...server.deps, config: testConfig({ DATABASE_URL: server.db.url, PASSWORD_SCRYPT_LOG2_N: '17' }) });
  try {
    await signIn(production.baseUrl, email, password);
    const rehashed = await storedHash(email);
    assert.match(rehashed, /^scrypt\$131072\$8\$1\$/);
    assert.ok(await verifyPassword(password, rehashed));
    assert.not.ok(await verifyPassword('not the password', rehashed));
    await signIn(production.baseUrl, email, password);
    assert.is(await storedHash(email), rehashed, 'a current hash is left alone');
  } finally {
    await production.close();
  }
});

/** The session row's id: the SHA-256 of the token before the cookie's signature. */
const sessionId = (cookie: string) => sha256Hex(decodeURIComponent(cookie.split('=')[1] ?? '').split('.')[0] ?? '');
const lastSeen = async (cookie: string) =>
  (await query().selectFrom('session').select('last_seen_at').where('id', '=', sessionId(cookie)).executeTakeFirst())?.last_seen_at ?? null;

test('a session unused for SESSION_IDLE_MINUTES ends; one in use is kept and touched at most once a minute', async () => {
  const user = await createUser(server.db, 'agent', 'idle@example.com');
  const idle = await signIn(server.baseUrl, user.email, user.password);
  const busy = await signIn(server.baseUrl, user.email, user.password);
  await query().updateTable('session').set({ last_seen_at: sql<Date>`now() - interval '29 minutes'` }).where('user_id', '=', await userId(user.email)).execute();
  assert.ok(await stillSignedIn(busy.cookie), 'within 30 minutes');
  const touched = await lastSeen(busy.cookie);
  assert.ok(touched && Date.now() - touched.getTime() < 60_000, 'touched when used');
  assert.ok(await stillSignedIn(busy.cookie));
  assert.equal(await lastSeen(busy.cookie), touched, 'not written again within the minute');
  await query().updateTable('session').set({ last_seen_at: sql<Date>`now() - interval '31 minutes'` }).where('id', '=', sessionId(idle.cookie)).execute();
  assert.not.ok(await stillSignedIn(idle.cookie), 'idle past 30 minutes');
  assert.is(await lastSeen(idle.cookie), null, 'the idle session row is deleted when met');
  assert.ok(await stillSignedIn(busy.cookie), 'the busy one lives on');
});

test('changing one’s own password needs the current one and ends one’s other sessions and tokens', async () => {
  const user = await createUser(server.db, 'agent', 'changer@example.com', 'the first password');
  const here = await signIn(server.baseUrl, user.email, user.password);
  const elsewhere = await signIn(server.baseUrl, user.email, user.password);
  const token = await apiToken(server.baseUrl, user.email, user.password);
  const wrong = await htmxRequest(server.baseUrl, here, '/settings/account/password', { currentPassword: 'not it', newPassword: 'a brand new password' });
  assert.is(wrong.status, 422);
  assert.match(await wrong.text(), 'not your current password');
  const short = await htmxRequest(server.baseUrl, here, '/settings/account/password', { currentPassword: user.password, newPassword: 'short' });
  assert.is(short.status, 422);
  assert.ok(await stillSignedIn(elsewhere.cookie), 'a refused change ends nothing');
  const changed = await htmxRequest(server.baseUrl, here, '/settings/account/password', { currentPassword: user.password, newPassword: 'a brand new password' });
  assert.is(changed.status, 200);
  assert.match(await changed.text(), 'Password changed');
  assert.ok(await stillSignedIn(here.cookie), 'the session that changed it stays');
  assert.not.ok(await stillSignedIn(elsewhere.cookie), 'the other session ended');
  assert.is((await api('GET', '/auth/tokens', token)).status, 401, 'the token ended');
  await signIn(server.baseUrl, user.email, 'a brand new password');
  const audit = await query().selectFrom('audit_log').select('action').where('entity_id', '=', user.email).execute();
  assert.ok(audit.some((row) => row.action === 'user.password_change'));
});

test('the JSON password change keeps the calling token and revokes the others', async () => {
  const user = await createUser(server.db, 'agent', 'json-changer@example.com', 'the first password');
  const calling = await apiToken(server.baseUrl, user.email, user.password);
  const other = await apiToken(server.baseUrl, user.email, user.password);
  const wrong = await api('POST', '/auth/password', calling, { currentPassword: 'nope', newPassword: 'a brand new password' });
  assert.is(wrong.status, 422);
  assert.ok(wrong.body.error.details.fields.currentPassword);
  const done = await api('POST', '/auth/password', calling, { currentPassword: user.password, newPassword: 'a brand new password' });
  assert.is(done.status, 204);
  assert.is((await api('GET', '/auth/tokens', calling)).status, 200);
  assert.is((await api('GET', '/auth/tokens', other)).status, 401);
});

function linkIn(body: string): string {
  const plain = body.replace(/=\r?\n/g, '').replace(/=3D/gi, '=');
  const token = plain.match(/\/reset-password\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no reset link in: ${body}`);
  return `/reset-password/${token}`;
}

async function resetForm(path: string, form: Record<string, string>) {
  return fetch(url(path), {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl }, body: new URLSearchParams(form),
  });
}

test('an admin’s reset link is e-mailed through the outbox, works once and ends every session', async () => {
  const user = await createUser(server.db, 'dispatcher', 'forgetful@example.com', 'a forgotten password');
  const session = await signIn(server.baseUrl, user.email, user.password);
  const sent = await api('POST', `/users/${await userId(user.email)}/password-reset`, adminToken);
  assert.is(sent.status, 202);
  const outbox = await query().selectFrom('outbox_message').select('kind').where('kind', '=', 'send_password_reset').execute();
  assert.is(outbox.length, 1);
  const mail = await waitFor(() => smtp.received.find((m) => m.to.includes(user.email)), 'the reset e-mail');
  assert.is(mail.subject, 'Set a new Cistern password');
  const link = linkIn(mail.body);
  await waitFor(async () => (await query().selectFrom('password_reset').select('sent_at').executeTakeFirstOrThrow()).sent_at, 'the row to record the send');
  const page = await fetch(url(link));
  assert.is(page.status, 200);
  assert.match(await page.text(), user.email);
  const mismatch = await resetForm(link, { newPassword: 'my new password 1', confirmPassword: 'my new password 2' });
  assert.is(mismatch.status, 422);
  assert.match(await mismatch.text(), 'does not match');
  const done = await resetForm(link, { newPassword: 'my new password 1', confirmPassword: 'my new password 1' });
  assert.is(done.status, 303);
  assert.is(done.headers.get('location'), '/login?reset=done');
  assert.not.ok(await stillSignedIn(session.cookie), 'the old session ended');
  await signIn(server.baseUrl, user.email, 'my new password 1');
  const again = await resetForm(link, { newPassword: 'my new password 2', confirmPassword: 'my new password 2' });
  assert.is(again.status, 404, 'a link works once');
  assert.match(await again.text(), 'expired or was already used');
  await signIn(server.baseUrl, user.email, 'my new password 1');
});

test('a reset link expires, and a newer link replaces an older one', async () => {
  const user = await createUser(server.db, 'agent', 'twice@example.com');
  const id = await userId(user.email);
  assert.is((await api('POST', `/users/${id}/password-reset`, adminToken)).status, 202);
  const first = linkIn((await waitFor(() => smtp.received.find((m) => m.to.includes(user.email)), 'first link')).body);
  assert.is((await api('POST', `/users/${id}/password-reset`, adminToken)).status, 202);
  const second = linkIn((await waitFor(() => smtp.received.filter((m) => m.to.includes(user.email))[1], 'second link')).body);
  assert.is((await fetch(url(first))).status, 404, 'the older link stopped working');
  assert.is((await fetch(url(second))).status, 200);
  await query().updateTable('password_reset').set({ expires_at: sql<Date>`now() - interval '1 second'` }).where('user_id', '=', id).execute();
  assert.is((await fetch(url(second))).status, 404, 'expired');
  const late = await resetForm(second, { newPassword: 'too late password', confirmPassword: 'too late password' });
  assert.is(late.status, 404);
  await signIn(server.baseUrl, user.email, user.password);
  assert.is((await fetch(url('/reset-password/not-a-real-link-token-at-all'))).status, 404);
});

test('only admins send reset links; a deactivated user gets none', async () => {
  const agent = await createUser(server.db, 'agent', 'no-reset-rights@example.com');
  const agentToken = await apiToken(server.baseUrl, agent.email, agent.password);
  assert.is((await api('POST', `/users/${await userId(agent.email)}/password-reset`, agentToken)).status, 403);
  assert.is((await api('POST', '/users/999999/password-reset', adminToken)).status, 404);
  await query().updateTable('app_user').set({ active: false }).where('email', '=', agent.email).execute();
  assert.is((await api('POST', `/users/${await userId(agent.email)}/password-reset`, adminToken)).status, 409);
});

test('API tokens are listed with lastUsedAt and revoked one by one, by their owner or an admin', async () => {
  const user = await createUser(server.db, 'agent', 'tokens@example.com');
  const first = await apiToken(server.baseUrl, user.email, user.password);
  const second = await apiToken(server.baseUrl, user.email, user.password);
  const listed = await api('GET', '/auth/tokens', first);
  assert.is(listed.status, 200);
  assert.is(listed.body.items.length, 2);
  const mine = listed.body.items.find((t: { current: boolean }) => t.current);
  const theOther = listed.body.items.find((t: { current: boolean }) => !t.current);
  assert.ok(mine.lastUsedAt, 'the calling token was used just now');
  assert.is(theOther.lastUsedAt, null);
  assert.is((await api('DELETE', `/auth/tokens/${theOther.id}`, first)).status, 204);
  assert.is((await api('GET', '/auth/tokens', second)).status, 401, 'revoked');
  assert.is((await api('DELETE', `/auth/tokens/${theOther.id}`, first)).status, 404, 'already revoked');
  const adminOwn = await api('GET', '/auth/tokens', adminToken);
  assert.is((await api('DELETE', `/auth/tokens/${adminOwn.body.items[0].id}`, first)).status, 404, 'not someone else’s');
  // Admins see and revoke anyone's.
  const id = await userId(user.email);
  assert.is((await api('GET', `/users/${id}/tokens`, first)).status, 403);
  const seen = await api('GET', `/users/${id}/tokens`, adminToken);
  assert.equal(seen.body.items.map((t: { id: number }) => t.id), [mine.id]);
  assert.is((await api('DELETE', `/users/${id}/tokens/${mine.id}`, adminToken)).status, 204);
  assert.is((await api('GET', '/auth/tokens', first)).status, 401);
  const audit = await query().selectFrom('audit_log').select('action').where('action', '=', 'api_token.revoke').execute();
  assert.is(audit.length, 2);
});

test('the account page lists one’s tokens and revokes one with htmx', async () => {
  const user = await createUser(server.db, 'agent', 'page-tokens@example.com');
  const token = await apiToken(server.baseUrl, user.email, user.password);
  const session = await signIn(server.baseUrl, user.email, user.password);
  const page = await fetch(url('/settings/account'), { headers: { cookie: session.cookie } });
  const html = await page.text();
  assert.is(page.status, 200);
  const tokenId = html.match(/data-token="(\d+)"/)?.[1];
  assert.ok(tokenId, 'a token row');
  const revoked = await htmxRequest(server.baseUrl, session, `/settings/account/tokens/${tokenId}/revoke`, {});
  assert.is(revoked.status, 200);
  assert.match(await revoked.text(), 'No API tokens in use');
  assert.is((await api('GET', '/auth/tokens', token)).status, 401);
});

test('admins send a reset link and revoke a token from the users pages', async () => {
  const admin = await createUser(server.db, 'admin', 'page-admin@example.com');
  const browser = await signIn(server.baseUrl, admin.email, admin.password);
  const person = await createUser(server.db, 'agent', 'page-person@example.com');
  const token = await apiToken(server.baseUrl, person.email, person.password);
  const id = await userId(person.email);
  const list = await fetch(url('/admin/users'), { headers: { cookie: browser.cookie } });
  assert.match(await list.text(), `/admin/users/${id}/password-reset`);
  const sent = await htmxRequest(server.baseUrl, browser, `/admin/users/${id}/password-reset`, {});
  assert.is(sent.status, 200);
  assert.match(await sent.text(), `on its way to ${person.email}`);
  await waitFor(() => smtp.received.find((m) => m.to.includes(person.email)), 'the reset e-mail');
  const tokens = await fetch(url(`/admin/users/${id}/tokens`), { headers: { cookie: browser.cookie } });
  const html = await tokens.text();
  assert.is(tokens.status, 200);
  const tokenId = html.match(/data-token="(\d+)"/)?.[1];
  const revoked = await htmxRequest(server.baseUrl, browser, `/admin/users/${id}/tokens/${tokenId}/revoke`, {});
  assert.is(revoked.status, 200);
  assert.match(await revoked.text(), 'Token revoked.');
  assert.is((await api('GET', '/auth/tokens', token)).status, 401);
});

test.run();
