/**
 * Staff and an account's portal access (docs/rules.md#consumer-portal-identity): the Overview shows
 * whether the account's consumer signs in and as whom; an agent revokes it (page and API), which
 * ends the consumer's sessions and tokens and is audited; audit rows of portal actions name the consumer.
 */
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hashPassword, scryptCost } from '../domain/auth/password.js';
import { db } from '../domain/common/database.js';
import { createUser, startTestServer, TEST_SCRYPT_LOG2_N, type TestServer } from './support/app-server.js';
import { apiToken, htmxRequest, signIn } from './support/browser-session.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { insertRow } from './support/rows.js';

let server: TestServer;
const query = () => db(server.db.orm.em.fork());

test.before(async () => {
  server = await startTestServer('portal_access');
});
test.after(async () => server.close());

async function accountWithConsumer(email: string) {
  const account = await insertMinimalAccount(server.db.orm);
  await insertRow(query(), 'app_user', {
    email, name: 'Portal Consumer', role: 'consumer', active: true, account_id: account.id,
    password_hash: await hashPassword('the consumer password', scryptCost(Number(TEST_SCRYPT_LOG2_N))), created_at: sql<Date>`now()`,
  });
  return account;
}

async function api(method: string, path: string, token: string) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as { accountNumber: string; portalAccess: { email: string } | null } };
}

test('the Overview shows portal access, and an agent revokes it: sessions and tokens end, audited', async () => {
  const email = 'revoked.consumer@example.com';
  const account = await accountWithConsumer(email);
  const bare = await insertMinimalAccount(server.db.orm);
  const agent = await createUser(server.db, 'agent', 'portal-agent@example.com');
  const staff = await signIn(server.baseUrl, agent.email, agent.password);

  const none = await htmxRequest(server.baseUrl, staff, `/accounts/${bare.accountNumber}/overview`);
  assert.match(await none.text(), 'data-portal-access="no"');
  const overview = await htmxRequest(server.baseUrl, staff, `/accounts/${account.accountNumber}/overview`);
  const html = await overview.text();
  assert.match(html, 'data-portal-access="yes"');
  assert.match(html, email);
  assert.match(html, `/accounts/${account.accountNumber}/portal-access/revoke`);
  // The whole page (its header statement brings the access) shows the same.
  const page = await (await fetch(`${server.baseUrl}/accounts/${account.accountNumber}`, { headers: { cookie: staff.cookie } })).text();
  assert.match(page, 'data-portal-access="yes"');
  assert.match(page, email);
  assert.match(await (await fetch(`${server.baseUrl}/accounts/${bare.accountNumber}`, { headers: { cookie: staff.cookie } })).text(), 'data-portal-access="no"');

  const consumerSession = await fetch(`${server.baseUrl}/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseUrl },
    body: new URLSearchParams({ email, password: 'the consumer password', next: '/' }),
  });
  const consumerCookie = (consumerSession.headers.get('set-cookie') ?? '').split(';')[0];
  const consumerToken = await apiToken(server.baseUrl, email, 'the consumer password');
  assert.is((await fetch(`${server.baseUrl}/login`, { headers: { cookie: consumerCookie }, redirect: 'manual' })).headers.get('location'), '/my');

  const revoked = await htmxRequest(server.baseUrl, staff, `/accounts/${account.accountNumber}/portal-access/revoke`, {});
  assert.is(revoked.status, 200);
  const after = await revoked.text();
  assert.match(after, 'revoked');
  assert.match(after, 'data-portal-access="no"');
  const stillIn = await fetch(`${server.baseUrl}/login`, { headers: { cookie: consumerCookie }, redirect: 'manual' });
  assert.is(stillIn.status, 200, 'the consumer is signed out: the sign-in form again');
  assert.is((await fetch(`${server.baseUrl}/api/v1/auth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'the consumer password' }),
  })).status, 401, 'and cannot sign in again');
  const tokenUse = await fetch(`${server.baseUrl}/api/v1/dashboard`, { headers: { authorization: `Bearer ${consumerToken}` } });
  assert.is(tokenUse.status, 401, 'their token ended');
  const audit = await query().selectFrom('audit_log').selectAll().where('action', '=', 'portal.access_revoked').executeTakeFirstOrThrow();
  assert.is(audit.entity_id, account.accountNumber);
  assert.is(audit.user_name, 'Test agent');

  const again = await htmxRequest(server.baseUrl, staff, `/accounts/${account.accountNumber}/portal-access/revoke`, {});
  assert.is(again.status, 409, 'nothing left to revoke');
});

test('the JSON API: GET and revoke, agents and up; a consumer gets 403', async () => {
  const email = 'json.consumer@example.com';
  const account = await accountWithConsumer(email);
  const agent = await createUser(server.db, 'dispatcher', 'portal-dispatcher@example.com');
  const token = await apiToken(server.baseUrl, agent.email, agent.password);
  const consumerToken = await apiToken(server.baseUrl, email, 'the consumer password');
  assert.is((await api('POST', `/accounts/${account.accountNumber}/portal-access/revoke`, consumerToken)).status, 403);
  const shown = await api('GET', `/accounts/${account.accountNumber}/portal-access`, token);
  assert.is(shown.status, 200);
  assert.is(shown.body.portalAccess?.email, email);
  const revoked = await api('POST', `/accounts/${account.accountNumber}/portal-access/revoke`, token);
  assert.equal(revoked, { status: 200, body: { accountNumber: account.accountNumber, portalAccess: null } });
  assert.is((await api('GET', `/accounts/${account.accountNumber}/portal-access`, token)).body.portalAccess, null);
  assert.is((await api('POST', `/accounts/${account.accountNumber}/portal-access/revoke`, token)).status, 409);
  assert.is((await api('POST', '/accounts/WU-99998/portal-access/revoke', token)).status, 404);
});

test.run();
