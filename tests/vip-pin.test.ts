/** The admin's VIP pin: on, off, back to the rule; refused without a reason or the role. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { apiToken, htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let adminToken: string;
let agentToken: string;
let adminPage: SignedIn;
let agentPage: SignedIn;

test.before(async () => {
  server = await startTestServer('vip_pin');
  const admin = await createUser(server.db, 'admin');
  const agent = await createUser(server.db, 'agent');
  adminToken = await apiToken(server.baseUrl, admin.email, admin.password);
  agentToken = await apiToken(server.baseUrl, agent.email, agent.password);
  adminPage = await signIn(server.baseUrl, admin.email, admin.password);
  agentPage = await signIn(server.baseUrl, agent.email, agent.password);
});
test.after(async () => server.close());

const put = (accountNumber: string, token: string, body: unknown) => fetch(`${server.baseUrl}/api/v1/accounts/${accountNumber}/vip-pin`, {
  method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
});
const query = () => db(server.db.orm.em);
const stored = (id: number) => query().selectFrom('account').select(['vip', 'vip_pinned', 'vip_pin_reason']).where('id', '=', id).executeTakeFirst();

test('an admin pins VIP on with a reason; the profile and the stored flag follow; unpinning lets the rule decide', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const pinned = await put(account.accountNumber, adminToken, { pinned: true, reason: 'Hospital: critical supply' });
  assert.is(pinned.status, 200);
  assert.equal(await pinned.json(), { accountNumber: account.accountNumber, vip: true, vipPinned: true, vipPinReason: 'Hospital: critical supply' });
  assert.equal(await stored(account.id), { vip: true, vip_pinned: true, vip_pin_reason: 'Hospital: critical supply' });
  const profile = (await (await fetch(`${server.baseUrl}/api/v1/accounts/${account.accountNumber}`, { headers: { authorization: `Bearer ${agentToken}` } })).json()) as { vip: boolean; vipPinned: boolean };
  assert.is(profile.vip, true);
  assert.is(profile.vipPinned, true);
  const cleared = await put(account.accountNumber, adminToken, { pinned: null });
  assert.is(cleared.status, 200);
  assert.equal(await stored(account.id), { vip: false, vip_pinned: null, vip_pin_reason: null }, 'a new account does not meet the rule');
  const audits = await query().selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n'))
    .where('action', '=', 'account.vip_pin').where('entity_id', '=', account.accountNumber).executeTakeFirstOrThrow();
  assert.is(audits.n, 2);
});

test('a pin without a reason is 422, an agent gets 403, an unknown account 404; nothing changes', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const before = await stored(account.id);
  const noReason = await put(account.accountNumber, adminToken, { pinned: false });
  assert.is(noReason.status, 422);
  assert.ok(((await noReason.json()) as { error: { details: { fields: Record<string, string> } } }).error.details.fields.reason);
  assert.is((await put(account.accountNumber, agentToken, { pinned: true, reason: 'I like them' })).status, 403);
  assert.is((await put('WU-99999', adminToken, { pinned: true, reason: 'Nobody' })).status, 404);
  assert.is((await put(account.accountNumber, adminToken, { pinned: 'yes' })).status, 422);
  assert.equal(await stored(account.id), before);
});

test('the override form is on the Overview for admins only, and saves without a reload', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const adminHtml = await (await fetch(`${server.baseUrl}/accounts/${account.accountNumber}`, { headers: { cookie: adminPage.cookie } })).text();
  assert.match(adminHtml, 'vip-pin-form');
  const agentHtml = await (await fetch(`${server.baseUrl}/accounts/${account.accountNumber}`, { headers: { cookie: agentPage.cookie } })).text();
  assert.not.match(agentHtml, 'vip-pin-form');
  const saved = await htmxRequest(server.baseUrl, adminPage, `/accounts/${account.accountNumber}/vip-pin`, { pin: 'off', reason: 'Account under review' });
  assert.is(saved.status, 200);
  const html = await saved.text();
  assert.match(html, 'id="profile-tabs"');
  assert.match(html, 'Pinned off by an admin: Account under review');
  assert.equal(await stored(account.id), { vip: false, vip_pinned: false, vip_pin_reason: 'Account under review' });
  const refused = await htmxRequest(server.baseUrl, adminPage, `/accounts/${account.accountNumber}/vip-pin`, { pin: 'on', reason: '' });
  assert.is(refused.status, 422);
  assert.match(await refused.text(), 'f-reason-error');
});

test.run();
