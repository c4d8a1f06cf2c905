/** The dashboard's figures through the API and the page, exact at the moment of the request. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { apiToken, signIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';

let server: TestServer;
const tokens: Record<string, string> = {};
const cookies: Record<string, string> = {};

const sql = () => server.db.orm.em.getConnection();
const url = (path: string) => `${server.baseUrl}${path}`;

type Fixture = [number: string, status: string, kind: string | null, balanceCents: number];
const ACCOUNTS: Fixture[] = [
  ['WU-10001', 'active', null, 1000], ['WU-10002', 'active', null, 2500], ['WU-10003', 'active', null, -300],
  ['WU-10004', 'inactive', null, 0], ['WU-10005', 'pending', null, 100], ['WU-10006', 'pending', null, 0],
  ['WU-10007', 'disconnected', 'temporary', 5000], ['WU-10008', 'disconnected', 'temporary', 700],
  ['WU-10009', 'disconnected', 'permanent', 12_345], ['WU-10010', 'collection', null, 99_999],
];

async function insertAccount(number: string, status: string, kind: string | null, balanceCents: number) {
  await sql().execute(
    `insert into account (account_number, first_name, last_name, service_address, customer_since, status, disconnection_kind,
       balance_cents, version, created_at, updated_at)
     values (?, 'Test', ?, '1 Main St', '2020-01-01', ?, ?, ?, 1, now(), now())`,
    [number, number, status, kind, balanceCents],
  );
}

async function insertOrder(n: number, status: string, overdue: boolean, slaDueAt: string | null) {
  await sql().execute(
    `insert into service_order (order_number, account_id, type, description, status, overdue, sla_due_at, workflow_id, created_at, updated_at)
     values (?, (select min(id) from account), 'repair', 'fixture', ?, ?, ?::timestamptz, ?, now(), now())`,
    [`SO-${n}`, status, overdue, slaDueAt, `service-order-SO-${n}`],
  );
}

async function insertNotification(n: number, status: string) {
  await sql().execute(
    `insert into notification (account_id, event, channel, status, idempotency_key, payload, created_at, updated_at)
     values ((select min(id) from account), 'payment_failed', 'email', ?, ?, '{}', now(), now())`,
    [status, `fixture-${n}`],
  );
}

test.before(async () => {
  server = await startTestServer('dashboard');
  for (const role of ['agent', 'dispatcher', 'admin'] as const) {
    const user = await createUser(server.db, role);
    tokens[role] = await apiToken(server.baseUrl, user.email, user.password);
    cookies[role] = (await signIn(server.baseUrl, user.email, user.password)).cookie;
  }
  for (const [number, status, kind, balance] of ACCOUNTS) await insertAccount(number, status, kind, balance);
  const past = new Date(Date.now() - 3_600_000).toISOString();
  const future = new Date(Date.now() + 86_400_000).toISOString();
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
  const rows = await sql().execute<{ status: string; kind: string | null; n: string; cents: string }[]>(
    `select status, disconnection_kind as kind, count(*) as n, coalesce(sum(balance_cents), 0) as cents from account group by 1, 2`,
  );
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
  await sql().execute(`update account set status = 'collection', balance_cents = balance_cents + 100 where account_number = 'WU-10002'`);
  await sql().execute(`update account set status = 'disconnected', disconnection_kind = 'temporary' where account_number = 'WU-10004'`);
  await sql().execute(`update account set balance_cents = 0 where account_number = 'WU-10010'`);
  await sql().execute(`update account set health_score = 50`); // a change the counters ignore
  await sql().execute(`delete from account where account_number = 'WU-10006'`);
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
  await sql().execute(`update account set vip = true, overdue_since = '2026-10-01' where account_number in ('WU-10001', 'WU-10009')`);
  await sql().execute(`update account set overdue_since = null where account_number = 'WU-10009'`);
  const groups = `select status, coalesce(disconnection_kind, '') as kind, vip, overdue, sum(n)::bigint as n, sum(cents)::bigint as cents from (%s) g
    group by 1, 2, 3, 4 having sum(n) <> 0 or sum(cents) <> 0 order by 1, 2, 3, 4`;
  const table = await sql().execute(groups.replace('%s',
    'select status, disconnection_kind, vip, overdue_since is not null as overdue, 1 as n, balance_cents as cents from account'));
  const tally = await sql().execute(groups.replace('%s',
    'select status, nullif(disconnection_kind, \'\') as disconnection_kind, vip, overdue, accounts as n, balance_cents as cents from account_tally'));
  assert.equal(tally, table);
  const response = await fetch(url('/api/v1/accounts?vip=true&overdue=true'), { headers: { authorization: `Bearer ${tokens.agent}` } });
  assert.is(((await response.json()) as { total: number }).total, 1);
});

test('concurrent balance updates in many transactions keep the sum exact', async () => {
  const ids = (await sql().execute<{ id: number }[]>('select id from account order by id')).map((r) => r.id);
  await Promise.all(Array.from({ length: 40 }, (_, i) =>
    server.db.orm.em.fork().transactional(async (em) => {
      await em.execute('update account set balance_cents = balance_cents + ? where id = ?', [i + 1, ids[i % ids.length]]);
    })));
  const [body, expected] = await Promise.all([dashboard(), direct()]);
  assert.is(body.totalBalanceCents, expected.cents);
  const rebuilt = await sql().execute<{ cents: string }[]>('select account_tally_rebuild(), (select sum(balance_cents) from account_tally) as cents');
  assert.is(Number(rebuilt[0].cents), expected.cents);
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
    await sql().execute(`insert into dashboard_snapshot (day, totals, created_at) values (?, ?::jsonb, now())`,
      [day, JSON.stringify({ totalAccounts: total, totalBalanceCents: cents, byStatus: { active: { count: 3 } } })]);
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

test.run();
