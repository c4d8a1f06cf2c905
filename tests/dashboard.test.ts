/** The dashboard's figures through the API and the page, exact at the moment of the request. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import type { AccountStatus, DisconnectionKind, NotificationStatus, ServiceOrderStatus } from '../domain/common/enums.js';
import { apiToken, signIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { countStatements } from './support/statement-count.js';
import { loadDashboard } from '../domain/accounts/dashboard.js';

let server: TestServer;
const tokens: Record<string, string> = {};
const cookies: Record<string, string> = {};

const query = () => db(server.db.orm.em);
const now = sql<Date>`now()`;
const url = (path: string) => `${server.baseUrl}${path}`;

type Fixture = [number: string, status: AccountStatus, kind: DisconnectionKind | null, balanceCents: number];
const ACCOUNTS: Fixture[] = [
  ['WU-10001', 'active', null, 1000], ['WU-10002', 'active', null, 2500], ['WU-10003', 'active', null, -300],
  ['WU-10004', 'inactive', null, 0], ['WU-10005', 'pending', null, 100], ['WU-10006', 'pending', null, 0],
  ['WU-10007', 'disconnected', 'temporary', 5000], ['WU-10008', 'disconnected', 'temporary', 700],
  ['WU-10009', 'disconnected', 'permanent', 12_345], ['WU-10010', 'collection', null, 99_999],
];

async function insertAccount(number: string, status: AccountStatus, kind: DisconnectionKind | null, balanceCents: number) {
  await query().insertInto('account').values({
    account_number: number, first_name: 'Test', last_name: number, service_address: '1 Main St', customer_since: '2020-01-01',
    status, disconnection_kind: kind, balance_cents: balanceCents, version: 1, created_at: now, updated_at: now,
  }).execute();
}

/** The first account's id, as a subquery: the orders and notifications below all belong to it. */
const firstAccount = () => query().selectFrom('account').select((eb) => eb.fn.min('id').as('id'));

async function insertOrder(n: number, status: ServiceOrderStatus, overdue: boolean, slaDueAt: Date | null) {
  await query().insertInto('service_order').values({
    order_number: `SO-${n}`, account_id: firstAccount(), type: 'repair', description: 'fixture', status, overdue, sla_due_at: slaDueAt,
    workflow_id: `service-order-SO-${n}`, created_at: now, updated_at: now,
  }).execute();
}

async function insertNotification(n: number, status: NotificationStatus) {
  await query().insertInto('notification').values({
    account_id: firstAccount(), event: 'payment_failed', channel: 'email', status, idempotency_key: `fixture-${n}`, payload: {},
    created_at: now, updated_at: now,
  }).execute();
}

test.before(async () => {
  server = await startTestServer('dashboard');
  for (const role of ['agent', 'dispatcher', 'admin'] as const) {
    const user = await createUser(server.db, role);
    tokens[role] = await apiToken(server.baseUrl, user.email, user.password);
    cookies[role] = (await signIn(server.baseUrl, user.email, user.password)).cookie;
  }
  for (const [number, status, kind, balance] of ACCOUNTS) await insertAccount(number, status, kind, balance);
  const past = new Date(Date.now() - 3_600_000);
  const future = new Date(Date.now() + 86_400_000);
  await insertOrder(1, 'created', true, past);
  await insertOrder(2, 'created', false, future);
  await insertOrder(3, 'assigned', false, null);
  await insertOrder(4, 'scheduled', false, past); // past its SLA time, the workflow has not flagged it yet
  await insertOrder(5, 'in_progress', false, future);
  await insertOrder(6, 'completed', true, past); // closed: never counted
  await insertOrder(7, 'completed', false, null);
  await insertOrder(8, 'cancelled', false, past);
  for (const [n, status] of [[1, 'failed'], [2, 'failed'], [3, 'sent'], [4, 'queued'], [5, 'skipped']] as const) await insertNotification(n, status);
});
test.after(async () => server.close());

type Figure = { count: number; percent: number | null; balanceCents: number };
interface DashboardBody {
  totalAccounts: number;
  byStatus: Record<string, Figure>;
  totalBalanceCents: number;
  openServiceOrders: { byStatus: Record<string, number>; total: number };
  overdueServiceOrders: number;
  failedNotifications: number;
  asOf: string;
}

async function dashboard(role = 'agent'): Promise<DashboardBody> {
  const response = await fetch(url('/api/v1/dashboard'), { headers: { authorization: `Bearer ${tokens[role]}` } });
  assert.is(response.status, 200);
  return (await response.json()) as DashboardBody;
}

/** The same figures straight from the account table, for comparison. */
async function direct() {
  const rows = await query().selectFrom('account')
    .select((eb) => ['status', 'disconnection_kind as kind', eb.fn.countAll<string>().as('n'), eb.fn.coalesce(eb.fn.sum<string>('balance_cents'), sql<string>`0`).as('cents')])
    .groupBy(['status', 'disconnection_kind']).execute();
  const count = (status: string, kind?: string) =>
    rows.filter((r) => r.status === status && (kind === undefined || r.kind === kind)).reduce((s, r) => s + Number(r.n), 0);
  const total = rows.reduce((s, r) => s + Number(r.n), 0);
  const cents = rows.reduce((s, r) => s + Number(r.cents), 0);
  return { count, total, cents };
}

test('the API shape with exact counts, one-decimal percentages and the balance sum', async () => {
  const body = await dashboard();
  assert.is(body.totalAccounts, 10);
  assert.equal(body.byStatus.active, { count: 3, percent: 30, balanceCents: 3200 });
  assert.equal(body.byStatus.inactive, { count: 1, percent: 10, balanceCents: 0 });
  assert.equal(body.byStatus.pending, { count: 2, percent: 20, balanceCents: 100 });
  assert.equal(body.byStatus.disconnected, { count: 3, percent: 30, balanceCents: 18_045 });
  assert.equal(body.byStatus.temporarilyDisconnected, { count: 2, percent: 20, balanceCents: 5700 });
  assert.equal(body.byStatus.permanentlyDisconnected, { count: 1, percent: 10, balanceCents: 12_345 });
  assert.equal(body.byStatus.collection, { count: 1, percent: 10, balanceCents: 99_999 });
  assert.is(body.totalBalanceCents, 121_344);
  assert.ok(Number.isInteger(body.totalBalanceCents));
  assert.equal(body.openServiceOrders, { byStatus: { created: 2, assigned: 1, scheduled: 1, in_progress: 1 }, total: 5 });
  assert.is(body.overdueServiceOrders, 2);
  assert.is(body.failedNotifications, 2);
  assert.ok(Math.abs(Date.parse(body.asOf) - Date.now()) < 60_000);
});

test('the numbers agree with a direct count of the account table', async () => {
  const [body, expected] = await Promise.all([dashboard(), direct()]);
  assert.is(body.totalAccounts, expected.total);
  assert.is(body.totalBalanceCents, expected.cents);
  for (const status of ['active', 'inactive', 'pending', 'disconnected', 'collection']) assert.is(body.byStatus[status].count, expected.count(status), status);
  assert.is(body.byStatus.temporarilyDisconnected.count, expected.count('disconnected', 'temporary'));
});

test('exact at the moment of the request: inserts, moves, balance changes and deletes show at once', async () => {
  await insertAccount('WU-10011', 'active', null, 4242);
  await query().updateTable('account').set((eb) => ({ status: 'collection', balance_cents: eb('balance_cents', '+', 100) }))
    .where('account_number', '=', 'WU-10002').execute();
  await query().updateTable('account').set({ status: 'disconnected', disconnection_kind: 'temporary' }).where('account_number', '=', 'WU-10004').execute();
  await query().updateTable('account').set({ balance_cents: 0 }).where('account_number', '=', 'WU-10010').execute();
  await query().updateTable('account').set({ health_score: 50 }).execute(); // a change the counters ignore
  await query().deleteFrom('account').where('account_number', '=', 'WU-10006').execute();
  const [body, expected] = await Promise.all([dashboard(), direct()]);
  assert.is(body.totalAccounts, 10);
  assert.is(body.totalAccounts, expected.total);
  assert.is(body.totalBalanceCents, expected.cents);
  assert.equal(body.byStatus.active, { count: 3, percent: 30, balanceCents: 1000 - 300 + 4242 });
  assert.is(body.byStatus.temporarilyDisconnected.count, 3);
  assert.is(body.byStatus.collection.count, 2);
  assert.is(body.byStatus.pending.count, 1);
  assert.is(body.byStatus.inactive.count, 0);
  assert.is(body.byStatus.inactive.percent, 0);
});

test('the counters match the table in every (status, kind, VIP, overdue) group, which the search filters count from', async () => {
  await query().updateTable('account').set({ vip: true, overdue_since: '2026-10-01' }).where('account_number', 'in', ['WU-10001', 'WU-10009']).execute();
  await query().updateTable('account').set({ overdue_since: null }).where('account_number', '=', 'WU-10009').execute();
  const table = await groups(accountRows());
  // The tally keeps statuses and kinds as text ('' for none): typed here as the account's.
  const tally = await groups(query().selectFrom('account_tally').select((eb) => [
    eb.ref('status').$castTo<AccountStatus>().as('status'), eb.fn<DisconnectionKind | null>('nullif', ['disconnection_kind', sql.lit('')]).as('disconnection_kind'),
    'vip', 'overdue', 'accounts as n', 'balance_cents as cents',
  ]).as('g'));
  assert.equal(tally, table);
  const response = await fetch(url('/api/v1/accounts?vip=true&overdue=true'), { headers: { authorization: `Bearer ${tokens.agent}` } });
  assert.is(((await response.json()) as { total: number }).total, 1);
});

/** Every account as one row of its (status, kind, VIP, overdue) group, the way the tally counts it. */
const accountRows = () => query().selectFrom('account').select((eb) => [
  'status', 'disconnection_kind', 'vip', eb('overdue_since', 'is not', null).$castTo<boolean>().as('overdue'), sql<number>`1`.as('n'), 'balance_cents as cents',
]).as('g');

/** Accounts and balances per (status, kind, VIP, overdue) group of `rows`, the groups that are not empty. */
function groups(rows: ReturnType<typeof accountRows>) {
  return query().selectFrom(rows)
    .select((eb) => [
      'status', eb.fn.coalesce('disconnection_kind', sql.lit('')).as('kind'), 'vip', 'overdue',
      eb.cast(eb.fn.sum('n'), 'bigint').as('n'), eb.cast(eb.fn.sum('cents'), 'bigint').as('cents'),
    ])
    .groupBy((eb) => ['status', eb.fn.coalesce('disconnection_kind', sql.lit('')), 'vip', 'overdue'])
    .having((eb) => eb.or([eb(eb.fn.sum('n'), '<>', 0), eb(eb.fn.sum('cents'), '<>', 0)]))
    .orderBy(['status', 'kind', 'vip', 'overdue'])
    .execute();
}

test('concurrent balance updates in many transactions keep the sum exact', async () => {
  const ids = (await query().selectFrom('account').select('id').orderBy('id').execute()).map((r) => r.id);
  await Promise.all(Array.from({ length: 40 }, (_, i) =>
    server.db.orm.em.fork().transactional(async (em) => {
      await db(em).updateTable('account').set((eb) => ({ balance_cents: eb('balance_cents', '+', i + 1) })).where('id', '=', ids[i % ids.length]).execute();
    })));
  const [body, expected] = await Promise.all([dashboard(), direct()]);
  assert.is(body.totalBalanceCents, expected.cents);
  const rebuilt = await query().selectNoFrom((eb) => [
    eb.fn('account_tally_rebuild').as('rebuilt'),
    eb.selectFrom('account_tally').select((tally) => tally.fn.sum<string>('balance_cents').as('cents')).as('cents'),
  ]).executeTakeFirstOrThrow();
  assert.is(Number(rebuilt.cents), expected.cents);
});

test('401 without a token; agent, dispatcher and admin may all read it', async () => {
  assert.is((await fetch(url('/api/v1/dashboard'))).status, 401);
  for (const role of ['agent', 'dispatcher', 'admin']) assert.is((await dashboard(role)).totalAccounts, 10);
});

test('the OpenAPI document describes the dashboard and the search', async () => {
  const doc = await (await fetch(url('/api/v1/openapi.json'), { headers: { authorization: `Bearer ${tokens.agent}` } })).json() as {
    paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> };
  };
  assert.ok(doc.paths['/dashboard']?.get);
  assert.ok(doc.paths['/accounts']?.get);
  assert.ok(doc.components.schemas.Dashboard);
  assert.ok(doc.components.schemas.AccountSearchPage);
});

async function page(role: string, headers: Record<string, string> = {}) {
  const response = await fetch(url('/'), { headers: { cookie: cookies[role], ...headers }, redirect: 'manual' });
  return { status: response.status, html: await response.text() };
}

test('the page: status cards with colour class and text label, balance, orders, failures', async () => {
  const { status, html } = await page('agent');
  assert.is(status, 200);
  assert.match(html, '<html');
  assert.match(html, 'status status-active');
  assert.match(html, '>Active</span>');
  assert.match(html, 'Disconnected (temporary)');
  assert.match(html, 'status status-collection');
  const body = await dashboard();
  assert.match(html, new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(body.totalBalanceCents / 100));
  assert.match(html, 'Open service orders: 5');
  assert.match(html, 'Orders past their SLA');
  assert.match(html, 'Failed notifications');
  assert.not.match(html, '/admin/notifications?status=failed', 'agents get no link to the admin page');
  assert.not.match(html, ' style=');
  assert.not.match(html, '<polyline', 'no trend without snapshots');
});

test('the page for admins links the failed notifications; dispatchers get 200 too', async () => {
  assert.match((await page('admin')).html, 'href="/admin/notifications?status=failed"');
  assert.is((await page('dispatcher')).status, 200);
});

test('the nightly snapshots draw a server-rendered SVG trend', async () => {
  for (const [day, total, cents] of [['2026-11-01', 9, 100_000], ['2026-11-02', 10, 110_000], ['2026-11-03', 10, 121_344]] as const) {
    await query().insertInto('dashboard_snapshot')
      .values({ day, totals: { totalAccounts: total, totalBalanceCents: cents, byStatus: { active: { count: 3 } } }, created_at: now }).execute();
  }
  const { html } = await page('agent');
  assert.match(html, '<svg');
  assert.match(html, '<polyline');
  assert.match(html, 'Total accounts: 9 on 2026-11-01, 10 on 2026-11-03');
  assert.not.match(html, ' style=');
});

test('an htmx request gets the dashboard fragment, not the page', async () => {
  const { status, html } = await page('agent', { 'HX-Request': 'true' });
  assert.is(status, 200);
  assert.not.match(html, '<html');
  assert.match(html, 'id="dashboard"');
});

test('signed out, the page redirects to the sign-in', async () => {
  const response = await fetch(url('/'), { redirect: 'manual' });
  assert.is(response.status, 303);
});

/** Open orders per (status, overdue flag), counted from the table and from the kept counters. */
async function openOrderGroups() {
  const open = ['completed', 'cancelled'] as const;
  const table = await query().selectFrom('service_order')
    .select((eb) => ['status', 'overdue', eb.cast(eb.fn.countAll(), 'bigint').as('n')])
    .where('status', 'not in', open).groupBy(['status', 'overdue']).orderBy('status').orderBy('overdue').execute();
  const tally = await query().selectFrom('service_order_tally')
    .select((eb) => [eb.ref('status').$castTo<ServiceOrderStatus>().as('status'), 'overdue', eb.cast(eb.fn.sum('orders'), 'bigint').as('n')])
    .where('status', 'not in', open).groupBy(['status', 'overdue']).having((eb) => eb(eb.fn.sum('orders'), '<>', 0))
    .orderBy('status').orderBy('overdue').execute();
  return { table, tally };
}

test('open orders are counted from service_order_tally, exact after concurrent moves, flags, inserts and deletes', async () => {
  for (let n = 100; n < 130; n++) await insertOrder(n, 'created', false, null);
  const moves: ServiceOrderStatus[] = ['assigned', 'scheduled', 'in_progress', 'completed', 'cancelled'];
  await Promise.all(Array.from({ length: 30 }, (_, i) => server.db.orm.em.fork().transactional(async (em) => {
    await db(em).updateTable('service_order').set({ status: moves[i % moves.length], overdue: i % 4 === 0 })
      .where('order_number', '=', `SO-${100 + i}`).execute();
  })));
  await query().deleteFrom('service_order').where('order_number', 'in', ['SO-101', 'SO-102']).execute();
  const { table, tally } = await openOrderGroups();
  assert.equal(tally, table);
  const expected = table.reduce((sum, row) => sum + Number(row.n), 0);
  const body = await dashboard();
  assert.is(body.openServiceOrders.total, expected);
  const overdue = await query().selectFrom('service_order').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('status', 'not in', ['completed', 'cancelled'])
    .where((eb) => eb.or([eb('overdue', '=', true), eb('sla_due_at', '<', new Date())])).executeTakeFirstOrThrow();
  assert.is(body.overdueServiceOrders, Number(overdue.n));
  await query().selectNoFrom((eb) => eb.fn('service_order_tally_rebuild').as('rebuilt')).execute();
  assert.equal((await openOrderGroups()).tally, table);
});

test('the figures are one statement (one snapshot), however many accounts and orders there are', async () => {
  const { count, statements } = await countStatements(() => loadDashboard(server.db.orm.em.fork()));
  assert.is(count, 1, statements.join('\n'));
});

test.run();
