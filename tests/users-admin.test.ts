/** The admin users page: adding users, changing roles, deactivating; no self-lockout. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { createConsumer } from './support/consumer.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let admin: SignedIn;
let adminId: number;

test.before(async () => {
  server = await startTestServer('users_admin');
  const a = await createUser(server.db, 'admin');
  admin = await signIn(server.baseUrl, a.email, a.password);
  adminId = (await userRow(a.email)).id;
});
test.after(async () => server.close());

const query = () => db(server.db.orm.em);
const userRow = (email: string) => query().selectFrom('app_user').select(['id', 'role', 'active']).where('email', '=', email).executeTakeFirstOrThrow();
const userCount = async () => (await query().selectFrom('app_user').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

test('an admin adds a dispatcher, who can then sign in', async () => {
  const response = await htmxRequest(server.baseUrl, admin, '/admin/users', { email: 'Dana@Example.com', name: 'Dana Dispatcher', role: 'dispatcher', password: 'a long enough secret' });
  assert.is(response.status, 200);
  assert.match(await response.text(), 'dana@example.com');
  assert.equal({ ...(await userRow('dana@example.com')), id: 0 }, { id: 0, role: 'dispatcher', active: true });
  await signIn(server.baseUrl, 'dana@example.com', 'a long enough secret');
});

test('bad or duplicate users are refused inline and nothing is written; the password is not echoed', async () => {
  const before = await userCount();
  const bad = await htmxRequest(server.baseUrl, admin, '/admin/users', { email: 'not-an-email', name: '', role: 'agent', password: 'short' });
  assert.is(bad.status, 422);
  const html = await bad.text();
  for (const field of ['email', 'name', 'password']) assert.match(html, `f-${field}-error`);
  assert.not.match(html, 'value="short"');
  const duplicate = await htmxRequest(server.baseUrl, admin, '/admin/users', { email: 'dana@example.com', name: 'Again', role: 'agent', password: 'another long secret' });
  assert.is(duplicate.status, 409);
  assert.is(await userCount(), before);
});

test('changing a role and deactivating: sessions end at once; an admin cannot lock themselves out', async () => {
  const { id } = await userRow('dana@example.com');
  const session = await signIn(server.baseUrl, 'dana@example.com', 'a long enough secret');
  assert.is((await htmxRequest(server.baseUrl, admin, `/admin/users/${id}`, { role: 'agent' })).status, 200);
  assert.is((await userRow('dana@example.com')).role, 'agent');
  assert.is((await htmxRequest(server.baseUrl, admin, `/admin/users/${id}`, { active: 'false' })).status, 200);
  const after = await fetch(`${server.baseUrl}/`, { headers: { cookie: session.cookie }, redirect: 'manual' });
  assert.is(after.status, 303, 'the deactivated user is signed out');
  const self = await htmxRequest(server.baseUrl, admin, `/admin/users/${adminId}`, { active: 'false' });
  assert.is(self.status, 422);
  const demote = await htmxRequest(server.baseUrl, admin, `/admin/users/${adminId}`, { role: 'agent' });
  assert.is(demote.status, 422);
  assert.equal({ ...(await userRow('admin@example.com')), id: 0 }, { id: 0, role: 'admin', active: true });
  const audits = await query().selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).where('entity', '=', 'user').executeTakeFirstOrThrow();
  assert.is(audits.n, 3);
});

test('the consumer role is the portal’s: not given to staff, not taken from a consumer, and never a 500', async () => {
  const before = await userCount();
  const added = await htmxRequest(server.baseUrl, admin, '/admin/users', { email: 'cora@example.com', name: 'Cora', role: 'consumer', password: 'a long enough secret' });
  assert.is(added.status, 422, 'a consumer is made by portal registration, tied to an account');
  assert.match(await added.text(), 'f-role-error');
  assert.is(await userCount(), before);
  const staff = await createUser(server.db, 'agent', 'staying-staff@example.com');
  const staffRow = await userRow(staff.email);
  assert.is((await htmxRequest(server.baseUrl, admin, `/admin/users/${staffRow.id}`, { role: 'consumer' })).status, 422);
  assert.is((await userRow(staff.email)).role, 'agent');
  const account = await insertMinimalAccount(server.db.orm);
  const consumer = await createConsumer(server, account.id, 'portal-person@example.com');
  const promoted = await htmxRequest(server.baseUrl, admin, `/admin/users/${consumer.id}`, { role: 'admin' });
  assert.is(promoted.status, 422, 'a consumer stays tied to their account');
  assert.match(await promoted.text(), 'cannot be given a staff role');
  assert.is((await userRow(consumer.email)).role, 'consumer');
  const page = await (await fetch(`${server.baseUrl}/admin/users`, { headers: { cookie: admin.cookie } })).text();
  assert.match(page, 'consumer (portal)');
  assert.not.match(page, '<option value="consumer"', 'no list offers the consumer role');
});

test('only admins reach the users page', async () => {
  const agent = await createUser(server.db, 'agent', 'plain-agent@example.com');
  const session = await signIn(server.baseUrl, agent.email, agent.password);
  assert.is((await fetch(`${server.baseUrl}/admin/users`, { headers: { cookie: session.cookie } })).status, 403);
  assert.is((await htmxRequest(server.baseUrl, session, '/admin/users', { email: 'x@example.com', name: 'X', role: 'admin', password: 'long enough secret' })).status, 403);
  assert.is((await fetch(`${server.baseUrl}/admin/users`, { headers: { cookie: admin.cookie } })).status, 200);
});

test.run();
