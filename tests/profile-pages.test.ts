/** The profile pages: the header, every tab as a page and as an htmx fragment. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { formatCents } from '../domain/common/money.js';
import { insertAccountFixture, type AccountFixture } from './support/account-fixture.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken, signIn, type SignedIn } from './support/browser-session.js';
import { insertRow } from './support/rows.js';

let server: TestServer;
let john: AccountFixture;
let session: SignedIn;
const tokens: Record<string, string> = {};

const TABS = ['overview', 'financial', 'connections', 'service', 'communication', 'documents', 'notes'];
/** Something only that tab shows. */
const TAB_MARKERS: Record<string, string> = {
  overview: 'How the health score is made', financial: 'Payment history', connections: 'Consumption trend',
  service: 'Service orders', communication: 'From customer', documents: 'Service agreement', notes: 'edited (version 2)',
};

test.before(async () => {
  server = await startTestServer('profile_pages');
  const agent = await createUser(server.db, 'agent');
  session = await signIn(server.baseUrl, agent.email, agent.password);
  for (const role of ['dispatcher', 'admin'] as const) {
    const user = await createUser(server.db, role);
    tokens[role] = await apiToken(server.baseUrl, user.email, user.password);
  }
  john = await insertAccountFixture(server.db.orm, { accountNumber: 'WU-10001', staleComplaint: true });
  await insertAccountFixture(server.db.orm, { accountNumber: 'WU-10002', openFlag: 'tampering', records: false });
});
test.after(async () => server.close());

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: session.cookie, ...headers }, redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
}
const htmx = { 'hx-request': 'true' };
const attr = (html: string, name: string) => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1]);

test('the profile page: header with name, number, status, health, balance, last bill and alerts', async () => {
  const { status, html, headers } = await page('/accounts/WU-10001');
  assert.is(status, 200);
  assert.match(headers.get('content-security-policy') ?? '', "script-src 'self'");
  assert.match(html, '<html');
  assert.match(html, 'John Doe');
  assert.match(html, 'WU-10001');
  assert.match(html, /class="status status-active"[^>]*>Active</);
  assert.match(html, /data-health-score="\d+">\d+<\/span>\/100/);
  const billed = john.bills.reduce((s, b) => s + b.amountCents, 0);
  const paid = john.payments.filter((p) => p.status === 'processed').reduce((s, p) => s + p.amountCents, 0);
  assert.match(html, `data-balance-cents="${billed - paid}"`);
  assert.match(html, formatCents(billed - paid));
  assert.match(html, john.bills[0].issuedAt.toISOString().slice(0, 10));
  assert.match(html, 'unresolved for more than 30 days');
  assert.match(html, 'past SLA');
  assert.match(html, 'role="tablist"');
  assert.match(html, /id="tab-overview"[^>]*aria-selected="true"[^>]*aria-current="page"/);
});

test('a lower-case account number opens the same profile; an unknown one is a 404 page', async () => {
  const lower = await page('/accounts/wu-10001');
  assert.is(lower.status, 200);
  assert.match(lower.html, 'WU-10001');
  const unknown = await page('/accounts/WU-99999');
  assert.is(unknown.status, 404);
  assert.match(unknown.html, '<html');
  assert.match(unknown.html, 'WU-99999 was not found');
  assert.is((await page('/accounts/WU-99999/financial', htmx)).status, 404);
  assert.is((await page('/accounts/WU-10001/no-such-tab')).status, 404);
  assert.is((await page('/accounts/not-a-number/overview')).status, 404);
});

test('every tab URL is a full page with that tab open, and an htmx fragment without the shell', async () => {
  for (const tab of TABS) {
    const full = await page(`/accounts/WU-10001/${tab}`);
    assert.is(full.status, 200, tab);
    assert.match(full.html, '<html', tab);
    assert.match(full.html, new RegExp(`id="tab-${tab}"[^>]*aria-selected="true"`), tab);
    assert.match(full.html, TAB_MARKERS[tab], tab);
    assert.is(attr(full.html, 'aria-selected').filter((v) => v === 'true').length, 1, tab);

    const fragment = await page(`/accounts/WU-10001/${tab}`, htmx);
    assert.is(fragment.status, 200, tab);
    assert.not.match(fragment.html, '<html', tab);
    assert.not.match(fragment.html, 'John Doe', tab); // the header is not repeated
    assert.match(fragment.html, /^<div id="profile-tabs"/, tab);
    assert.match(fragment.html, 'role="tabpanel"', tab);
    assert.match(fragment.html, new RegExp(`id="tab-${tab}"[^>]*aria-selected="true"`), tab);
    assert.match(fragment.html, TAB_MARKERS[tab], tab);
    assert.match(fragment.headers.get('vary') ?? '', 'HX-Request', tab);
  }
});

test('tab links load by htmx into the tab area and push their URL', async () => {
  const { html } = await page('/accounts/WU-10001');
  const link = html.match(/<a[^>]*id="tab-financial"[^>]*>/)?.[0] ?? '';
  assert.match(link, 'href="/accounts/WU-10001/financial"');
  assert.match(link, 'hx-get="/accounts/WU-10001/financial"');
  assert.match(link, 'hx-target="#profile-tabs"');
  assert.match(link, 'hx-push-url="true"');
  assert.match(link, 'role="tab"');
});

test('htmx restoring history after a cache miss gets the whole page', async () => {
  const restored = await page('/accounts/WU-10001/notes', { ...htmx, 'hx-history-restore-request': 'true' });
  assert.match(restored.html, '<html');
});

test('the overview’s breakdown adds up to the header score', async () => {
  const { html } = await page('/accounts/WU-10001');
  const header = Number(html.match(/data-health-score="(\d+)"/)?.[1]);
  const points = attr(html, 'data-points').map(Number);
  const penalties = attr(html, 'data-penalty-points').map(Number);
  assert.is(points.length, 5);
  assert.ok(penalties.length >= 2); // a late bill and a stale complaint
  const total = Math.max(0, Math.min(100, Math.round(points.reduce((s, p) => s + p, 0)) - penalties.reduce((s, p) => s + p, 0)));
  assert.is(total, header);
  assert.match(html, `data-score="${header}"`);
  const api = await fetch(`${server.baseUrl}/api/v1/accounts/WU-10001`, { headers: { authorization: `Bearer ${tokens.admin}` } });
  assert.is(((await api.json()) as { healthScore: number }).healthScore, header);
  assert.match(html, /data-criterion="tenure" data-holds="true"/);
});

test('financial: billing overview, compliance with one decimal, paginated payment history', async () => {
  const { html } = await page('/accounts/WU-10001/financial?page=2&pageSize=5', htmx);
  assert.match(html, 'Standard Residential');
  assert.match(html, 'Monthly');
  assert.match(html, '90.9%');
  assert.match(html, 'gallons');
  assert.match(html, `Page 2 of ${Math.ceil(john.payments.length / 5)}`);
  assert.is(attr(html, 'data-payment').length, 5);
  const newestFirst = [...john.payments].sort((a, b) => b.paidAt.getTime() - a.paidAt.getTime() || b.id - a.id);
  assert.equal(attr(html, 'data-payment'), newestFirst.slice(5, 10).map((p) => p.reference));
  assert.match(html, 'hx-get="/accounts/WU-10001/financial?page=3&amp;billsPage=1"');
  const everything = (await page('/accounts/WU-10001/financial?pageSize=50', htmx)).html;
  for (const label of ['Processed', 'Failed', 'Pending', 'Credit card', 'Bank transfer', 'ACH']) assert.match(everything, label);
});

test('connections: meters, readings with flags, and a server-drawn SVG chart without inline styles', async () => {
  const { html } = await page('/accounts/WU-10001/connections');
  assert.match(html, john.meterNumber);
  assert.match(html, 'Aquaflow X200');
  assert.match(html, '<svg');
  assert.ok(attr(html, 'data-consumption').length >= 12);
  assert.match(html, 'class="reading-flag">High<');
  assert.match(html, 'Pending');
  assert.not.match(html, 'style=');
  assert.not.match(html, /<script(?![^>]*src=)/);
});

test('service, communication and documents show their statuses and words', async () => {
  const service = (await page('/accounts/WU-10001/service', htmx)).html;
  assert.match(service, john.serviceOrders[0].orderNumber);
  assert.match(service, 'Past SLA');
  assert.match(service, 'Terry Tech');
  assert.match(service, 'In progress'); // in the completed order's history
  const communication = (await page('/accounts/WU-10001/communication', htmx)).html;
  assert.match(communication, 'To customer');
  assert.match(communication, 'From customer');
  assert.match(communication, '4 min 5 s');
  assert.ok(communication.indexOf('Order created') < communication.indexOf('Pressure call'));
  const documents = (await page('/accounts/WU-10001/documents', htmx)).html;
  assert.match(documents, 'Published');
  assert.match(documents, 'Processing');
  assert.match(documents, 'v2');
});

test('notes: newest first, edited marked, and markup in a note is shown as text', async () => {
  const { html } = await page('/accounts/WU-10001/notes', htmx);
  assert.not.match(html, '<script>alert');
  assert.match(html, '&lt;script&gt;alert(');
  assert.match(html, '&lt;b&gt;bill&lt;/b&gt;');
  assert.match(html, 'edited (version 2)');
  assert.match(html, 'enrolled on the phone');
  assert.not.match(html, 'Customer asked about autopay.<');
  assert.ok(html.indexOf('Called about a leak') < html.indexOf('enrolled on the phone'));
});

test('an open tampering flag is a critical alert in the header', async () => {
  const { html } = await page('/accounts/WU-10002');
  assert.match(html, /severity-critical[^>]*><strong>Critical:<\/strong> Open tampering flag/);
});

test('no id appears twice on any tab, with every form an admin gets: each label names its own field', async () => {
  const admin = await signIn(server.baseUrl, 'admin@example.com', 'correct horse battery');
  for (const tab of TABS) {
    const response = await fetch(`${server.baseUrl}/accounts/WU-10001/${tab}`, { headers: { cookie: admin.cookie } });
    assert.is(response.status, 200, tab);
    const ids = attr(await response.text(), ' id');
    const twice = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    assert.equal(twice, [], `${tab}: ${twice.join(', ')}`);
  }
});

test('the Service tab’s two pagers keep each other’s page', async () => {
  const query = db(server.db.orm.em);
  for (let i = 0; i < 10; i++) {
    await insertRow(query, 'complaint', {
      account_id: john.id, category: 'Billing', description: `An old question ${i}`, status: 'resolved',
      opened_at: new Date(Date.now() - (400 + i) * 86_400_000), resolved_at: new Date(Date.now() - 399 * 86_400_000), resolution: 'Answered',
    });
  }
  const { html } = await page('/accounts/WU-10001/service?page=2&pageSize=1&complaintsPage=2', htmx);
  assert.match(html, 'hx-get="/accounts/WU-10001/service?page=1&amp;complaintsPage=2"', 'the orders’ pager keeps the complaints’ page');
  assert.match(html, 'hx-get="/accounts/WU-10001/service?page=2&amp;complaintsPage=1"', 'the complaints’ pager keeps the orders’ page');
});

test('signed out: the page redirects to sign-in, an htmx request gets 401; every role may open a profile', async () => {
  const anonymous = await fetch(`${server.baseUrl}/accounts/WU-10001/financial`, { redirect: 'manual' });
  assert.is(anonymous.status, 303);
  assert.match(anonymous.headers.get('location') ?? '', '/login');
  const anonymousHtmx = await fetch(`${server.baseUrl}/accounts/WU-10001/financial`, { headers: htmx });
  assert.is(anonymousHtmx.status, 401);
  for (const role of ['dispatcher', 'admin']) {
    const response = await fetch(`${server.baseUrl}/accounts/WU-10001`, { headers: { authorization: `Bearer ${tokens[role]}` } });
    assert.is(response.status, 200, role);
  }
});

test.run();
