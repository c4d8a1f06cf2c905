/** The dashboard's figures through the API and the page, exact at the moment of the request. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDateTime } from '../views/profile/format.js';
import { dashboardWorld } from './support/dashboard-world.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

const { world, query, dashboard, direct, url } = dashboardWorld(test, 'dashboard');

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
  await world().insertAccount('WU-10011', 'active', null, 4242);
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


test('401 without a token; agent, dispatcher and admin may all read it', async () => {
  assert.is((await fetch(url('/api/v1/dashboard'))).status, 401);
  for (const role of ['agent', 'dispatcher', 'admin']) assert.is((await dashboard(role)).totalAccounts, 10);
});

test('the OpenAPI document describes the dashboard and the search', async () => {
  const doc = await (await fetch(url('/api/v1/openapi.json'), { headers: { authorization: `Bearer ${world().tokens.agent}` } })).json() as {
    paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> };
  };
  assert.ok(doc.paths['/dashboard']?.get);
  assert.ok(doc.paths['/accounts']?.get);
  assert.ok(doc.components.schemas.Dashboard);
  assert.ok(doc.components.schemas.AccountSearchPage);
});

async function page(role: string, headers: Record<string, string> = {}) {
  const response = await fetch(url('/'), { headers: { cookie: world().cookies[role], ...headers }, redirect: 'manual' });
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
  // The moment of the figures in the utility's zone, as every time on the pages (docs/rules.md#dates-times-and-money).
  const asOf = /Exact as of <time datetime="([^"]+)">([^<]+)<\/time>/.exec(html);
  assert.ok(asOf, 'the moment is shown');
  assert.is(asOf[2], formatDateTime(new Date(asOf[1]), TEST_TIME_ZONE));
  assert.not.match(asOf[2], 'UTC');
});

test('the page for admins links the failed notifications; dispatchers get 200 too', async () => {
  assert.match((await page('admin')).html, 'href="/admin/notifications?status=failed"');
  assert.is((await page('dispatcher')).status, 200);
});

test('the nightly snapshots draw a server-rendered SVG trend', async () => {
  for (const [day, total, cents] of [['2026-11-01', 9, 100_000], ['2026-11-02', 10, 110_000], ['2026-11-03', 10, 121_344]] as const) {
    await query().insertInto('dashboard_snapshot')
      .values({ day, totals: { totalAccounts: total, totalBalanceCents: cents, byStatus: { active: { count: 3 } } }, created_at: world().now }).execute();
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
