/** The dispatcher board (htmx): every move from the board, refusals as flash fragments, filters, technicians. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, type TestServer } from './support/app-server.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { startServerWithWorker, type ServerWithWorker } from './support/server-with-worker.js';

let server: TestServer;
let app: ServerWithWorker;
let dispatcher: SignedIn;
let agent: SignedIn;

test.before(async () => {
  app = await startServerWithWorker('so_board');
  ({ server } = app);
  const d = await createUser(server.db, 'dispatcher');
  const a = await createUser(server.db, 'agent');
  dispatcher = await signIn(server.baseUrl, d.email, d.password);
  agent = await signIn(server.baseUrl, a.email, a.password);
});
test.after(async () => {
  await app.close();
});

const htmx = (session: SignedIn, path: string, form?: Record<string, string> | URLSearchParams) => htmxRequest(server.baseUrl, session, path, form);
const rows = () => db(server.db.orm.em);
const orderOf = async (accountId: number) =>
  (await rows().selectFrom('service_order').select('order_number').where('account_id', '=', accountId).executeTakeFirstOrThrow()).order_number;

test('the board is a full page for a dispatcher, a fragment for htmx, and 403 for an agent', async () => {
  const page = await fetch(`${server.baseUrl}/service-orders`, { headers: { cookie: dispatcher.cookie } });
  const html = await page.text();
  assert.is(page.status, 200);
  assert.match(html, '<html');
  for (const column of ['created', 'assigned', 'scheduled', 'in_progress', 'closed']) assert.match(html, `data-column="${column}"`);
  const fragment = await (await htmx(dispatcher, '/service-orders?priority=emergency')).text();
  assert.not.match(fragment, '<html');
  assert.match(fragment, 'id="board"');
  const refused = await fetch(`${server.baseUrl}/service-orders`, { headers: { cookie: agent.cookie } });
  assert.is(refused.status, 403);
});

test('create, assign, schedule, start and complete from the board, without a page reload', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const technicianId = await insertTechnician(server.db.orm, ['repair']);
  let response = await htmx(dispatcher, '/service-orders', { accountNumber: account.accountNumber, type: 'repair', priority: 'high', description: 'Hydrant leaking' });
  assert.is(response.status, 200);
  const order = await orderOf(account.id);
  let html = await response.text();
  assert.match(html, `data-order="${order}"`);
  assert.match(html, `/service-orders/${order}/assign`);

  response = await htmx(dispatcher, `/service-orders/${order}/assign`, { technicianId: String(technicianId) });
  assert.is(response.status, 200);
  html = await response.text();
  assert.match(html, `/service-orders/${order}/schedule`);
  const tomorrow = new Date(Date.now() + 86400_000);
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Chicago', dateStyle: 'short', timeStyle: 'short' }).format(tomorrow).replace(' ', 'T');
  response = await htmx(dispatcher, `/service-orders/${order}/schedule`, { scheduledFor: local, windowMinutes: '120' });
  assert.is(response.status, 200);
  response = await htmx(dispatcher, `/service-orders/${order}/start`, {});
  assert.is(response.status, 200);
  response = await htmx(dispatcher, `/service-orders/${order}/complete`, { note: 'Gasket replaced' });
  assert.is(response.status, 200);
  const row = await rows().selectFrom('service_order').select(['status', 'completion_note']).where('order_number', '=', order).executeTakeFirstOrThrow();
  assert.equal(row, { status: 'completed', completion_note: 'Gasket replaced' });
  const orderPage = await (await fetch(`${server.baseUrl}/service-orders/${order}`, { headers: { cookie: agent.cookie } })).text();
  for (const word of ['assign', 'schedule', 'start', 'complete', `/workflows/service-order-${order}`]) assert.match(orderPage, word);
});

test('a refused action answers an error fragment for the flash area and changes nothing', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  await htmx(dispatcher, '/service-orders', { accountNumber: account.accountNumber, type: 'repair', description: 'Noise in pipes' });
  const order = await orderOf(account.id);
  const illegal = await htmx(dispatcher, `/service-orders/${order}/start`, {});
  assert.is(illegal.status, 409);
  assert.is(illegal.headers.get('hx-retarget'), '#flash');
  assert.match(await illegal.text(), 'Cannot start');
  const noReason = await htmx(dispatcher, `/service-orders/${order}/cancel`, { reason: '' });
  assert.is(noReason.status, 422);
  const badForm = await htmx(dispatcher, '/service-orders', { accountNumber: '', type: 'repair', description: '' });
  assert.is(badForm.status, 422);
  assert.match(await badForm.text(), 'accountNumber');
  const row = await rows().selectFrom('service_order').select('status').where('order_number', '=', order).executeTakeFirstOrThrow();
  assert.is(row.status, 'created');
});

test('board filters narrow the columns', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  await htmx(dispatcher, '/service-orders', { accountNumber: account.accountNumber, type: 'inspection', priority: 'emergency', description: 'Tampering suspected' });
  const order = await orderOf(account.id);
  const emergency = await (await htmx(dispatcher, '/service-orders?priority=emergency&type=inspection')).text();
  assert.match(emergency, order);
  const low = await (await htmx(dispatcher, '/service-orders?priority=low')).text();
  assert.not.match(low, order);
});

test('dispatchers manage technicians: add with skills (inline errors when none), agents may not', async () => {
  const page = await fetch(`${server.baseUrl}/technicians`, { headers: { cookie: dispatcher.cookie } });
  assert.is(page.status, 200);
  assert.match(await page.text(), 'Add technician');
  const none = await htmx(dispatcher, '/technicians', { name: 'Sam Skill-less' });
  assert.is(none.status, 422);
  assert.match(await none.text(), 'tick at least one order type');
  const added = await htmx(dispatcher, '/technicians', new URLSearchParams([['name', 'Morgan Meter'], ['skills', 'meter_reading'], ['skills', 'inspection']]));
  assert.is(added.status, 200);
  assert.match(await added.text(), 'Morgan Meter');
  const row = await rows().selectFrom('technician').select('skills').where('name', '=', 'Morgan Meter').executeTakeFirstOrThrow();
  assert.equal(row.skills, ['meter_reading', 'inspection']);
  assert.is((await rows().selectFrom('technician').select('id').where('name', '=', 'Sam Skill-less').execute()).length, 0);
  assert.is((await fetch(`${server.baseUrl}/technicians`, { headers: { cookie: agent.cookie } })).status, 403);
});

test.run();
