/** Creating a service order from the profile's Service tab. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let agent: SignedIn;

test.before(async () => {
  server = await startTestServer('profile_so');
  const user = await createUser(server.db, 'agent');
  agent = await signIn(server.baseUrl, user.email, user.password);
});
test.after(async () => server.close());

const post = (path: string, form: Record<string, string>) => htmxRequest(server.baseUrl, agent, path, form);
const count = async () => (await db(server.db.orm.em).selectFrom('service_order').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

test('an agent creates an order from the Service tab; htmx reloads the tab with it', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const response = await post(`/accounts/${account.accountNumber.toLowerCase()}/service-orders`, { type: 'inspection', priority: 'high', description: 'Check for tampering' });
  assert.is(response.status, 204);
  assert.equal(JSON.parse(response.headers.get('hx-location') ?? '{}'), { path: `/accounts/${account.accountNumber}/service`, target: '#profile-tabs', swap: 'outerHTML' });
  const order = await db(server.db.orm.em).selectFrom('service_order').select(['order_number', 'type', 'priority'])
    .where('account_id', '=', account.id).executeTakeFirstOrThrow();
  assert.equal({ type: order.type, priority: order.priority }, { type: 'inspection', priority: 'high' });
  const tab = await (await fetch(`${server.baseUrl}/accounts/${account.accountNumber}/service`, { headers: { cookie: agent.cookie, 'hx-request': 'true' } })).text();
  assert.match(tab, `/service-orders/${order.order_number}`);
  // The order's page sends an agent back to the account (the board is the dispatchers': a 403 for them).
  const orderPage = await (await fetch(`${server.baseUrl}/service-orders/${order.order_number}`, { headers: { cookie: agent.cookie } })).text();
  assert.match(orderPage, `href="/accounts/${account.accountNumber}/service">Back to ${account.accountNumber}’s service orders`);
  assert.not.match(orderPage, 'href="/service-orders">Back to the board');
});

test('a bad form is answered inline (422, field named) and creates nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const before = await count();
  const missing = await post(`/accounts/${account.accountNumber}/service-orders`, { type: 'repair', description: '' });
  assert.is(missing.status, 422);
  const html = await missing.text();
  assert.match(html, 'id="f-description-error"');
  assert.match(html, 'service-order-form');
  const transfer = await post(`/accounts/${account.accountNumber}/service-orders`, { type: 'transfer', description: 'Moving' });
  assert.is(transfer.status, 422);
  assert.match(await transfer.text(), 'f-targetAccountNumber-error');
  const unknown = await post('/accounts/WU-99999/service-orders', { type: 'repair', description: 'x' });
  assert.is(unknown.status, 404);
  assert.is(await count(), before);
});

test.run();
