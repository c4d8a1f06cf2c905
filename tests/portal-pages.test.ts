/**
 * The consumer portal's pages (/my): each page for its consumer, the sign-in redirect without one,
 * 403 for staff, and every form's happy path and bad input (422, the field named inline, nothing
 * written); another account's order or photo is a 404.
 */
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { utilityIsoDay } from '../domain/common/calendar.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { consumerSession } from './support/consumer.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';
import { insertRow } from './support/rows.js';

let server: TestServer;
let mine: Awaited<ReturnType<typeof insertMinimalAccount>>;
let theirs: Awaited<ReturnType<typeof insertMinimalAccount>>;
let me: SignedIn;
let them: SignedIn;

const PAGES = ['/my', '/my/bills', '/my/usage', '/my/service-orders', '/my/problems', '/my/notifications', '/my/settings'];
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const today = () => utilityIsoDay(new Date(), TEST_TIME_ZONE);
const query = () => db(server.db.orm.em.fork());
const count = async (table: 'reading' | 'service_order' | 'complaint' | 'document') =>
  (await query().selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;

test.before(async () => {
  server = await startTestServer('portal_pages');
  mine = await insertMinimalAccount(server.db.orm);
  theirs = await insertMinimalAccount(server.db.orm);
  me = await consumerSession(server, mine.id);
  them = await consumerSession(server, theirs.id);
});
test.after(async () => server.close());

const get = (session: SignedIn | null, path: string) =>
  fetch(`${server.baseUrl}${path}`, { redirect: 'manual', headers: session ? { cookie: session.cookie } : {} });
const post = (session: SignedIn, path: string, form: Record<string, string> | FormData) => htmxRequest(server.baseUrl, session, path, form);

test('every /my page answers its consumer; without sign-in the sign-in page; staff 403', async () => {
  const agent = await createUser(server.db, 'agent');
  const staff = await signIn(server.baseUrl, agent.email, agent.password);
  for (const path of PAGES) {
    const page = await get(me, path);
    assert.is(page.status, 200, path);
    const html = await page.text();
    assert.match(html, '/static/colours.css');
    assert.match(html, '/static/portal.css');
    assert.match(html, 'csrf-token');
    assert.not.match(html, '/accounts/', `${path} links to no staff page`);
    const anonymous = await get(null, path);
    assert.is(anonymous.status, 303, path);
    assert.match(anonymous.headers.get('location') ?? '', '/login');
    assert.is((await get(staff, path)).status, 403, `${path} refuses staff`);
  }
  const fragment = await fetch(`${server.baseUrl}/my/usage`, { headers: { cookie: me.cookie, 'hx-request': 'true' } });
  assert.not.match(await fragment.text(), '<html', 'an htmx request gets only #main');
});

test('the home page shows the balance and what is due', async () => {
  const now = sql<Date>`now()`;
  await insertRow(query(), 'bill', {
    account_id: mine.id, period_start: '2026-01-01', period_end: '2026-01-31', issued_at: '2026-02-01', due_date: '2099-02-20',
    amount_cents: 4321, usage: 100, created_at: now,
  });
  const html = await (await get(me, '/my')).text();
  assert.match(html, '$43.21');
  assert.match(html, 'due 2099-02-20');
});

test('submitting a reading: the page comes back with a notice; a bad one inline (422) and nothing written', async () => {
  const ok = await post(me, '/my/readings', { readAt: today(), value: '1,234' });
  assert.is(ok.status, 204);
  assert.equal(JSON.parse(ok.headers.get('hx-location') ?? '{}'), { path: '/my/usage?saved=reading', target: '#main' });
  const row = await query().selectFrom('reading').select(['value', 'source']).where('account_id', '=', mine.id).executeTakeFirstOrThrow();
  assert.equal(row, { value: 1234, source: 'customer' });
  assert.match(await (await get(me, '/my/usage?saved=reading')).text(), 'your reading is in');
  const before = await count('reading');
  const bad = await post(me, '/my/readings', { readAt: today(), value: 'abc' });
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, 'id="f-value-error"');
  assert.match(html, 'value="abc"', 'what was typed is kept');
  assert.is(await count('reading'), before);
});

test('requesting a service: on to its page; a bad request inline; cancel while created', async () => {
  const ok = await post(me, '/my/service-orders', { type: 'repair', description: 'Dripping meter' });
  assert.is(ok.status, 204);
  const path = JSON.parse(ok.headers.get('hx-location') ?? '{}').path as string;
  assert.match(path, /^\/my\/service-orders\/SO-\d+\?saved=order$/);
  const orderPage = await (await get(me, path)).text();
  assert.match(orderPage, 'Dripping meter');
  assert.match(orderPage, 'Cancel this request');
  const before = await count('service_order');
  const bad = await post(me, '/my/service-orders', { type: 'disconnection', description: '' });
  assert.is(bad.status, 422);
  const html = await bad.text();
  assert.match(html, 'f-type-error');
  assert.match(html, 'f-description-error');
  assert.is(await count('service_order'), before);
});

test('reporting a problem with a photo; a non-image photo inline (422), nothing written', async () => {
  const form = new FormData();
  form.set('description', 'Puddle on the pavement');
  form.set('category', 'other');
  form.set('photo', new File([PNG], 'puddle.png'));
  const ok = await post(me, '/my/problems', form);
  assert.is(ok.status, 204);
  const page = await (await get(me, '/my/problems?saved=problem')).text();
  assert.match(page, 'Puddle on the pavement');
  const id = page.match(/\/my\/problems\/(\d+)\/photo/)?.[1];
  assert.ok(id, 'the photo is shown');
  const photo = await get(me, `/my/problems/${id}/photo`);
  assert.is(photo.status, 200);
  assert.is(photo.headers.get('content-type'), 'image/png');
  assert.is((await get(them, `/my/problems/${id}/photo`)).status, 404, 'not another consumer’s');
  const before = await Promise.all([count('complaint'), count('document')]);
  const bad = new FormData();
  bad.set('description', 'x');
  bad.set('photo', new File(['<svg onload=alert(1)>'], 'x.png'));
  const refused = await post(me, '/my/problems', bad);
  assert.is(refused.status, 422);
  assert.match(await refused.text(), 'f-photo-error');
  assert.equal(await Promise.all([count('complaint'), count('document')]), before);
});

test('settings: saved on the account; bad quiet hours inline (422), nothing written', async () => {
  const ok = await post(me, '/my/settings', { notificationChannel: 'sms', 'quietHours.from': '22:00', 'quietHours.to': '06:30' });
  assert.is(ok.status, 204);
  const row = await query().selectFrom('account').select(['preferred_channel', 'notifications_opt_out', 'quiet_hours_start', 'quiet_hours_end']).where('id', '=', mine.id).executeTakeFirstOrThrow();
  assert.equal(row, { preferred_channel: 'sms', notifications_opt_out: false, quiet_hours_start: '22:00', quiet_hours_end: '06:30' });
  const bad = await post(me, '/my/settings', { notificationChannel: 'email', optOut: 'on', 'quietHours.from': '22:00', 'quietHours.to': '22:00' });
  assert.is(bad.status, 422);
  assert.match(await bad.text(), 'f-quietHours.to-error');
  const after = await query().selectFrom('account').select(['preferred_channel', 'notifications_opt_out', 'quiet_hours_start', 'quiet_hours_end']).where('id', '=', mine.id).executeTakeFirstOrThrow();
  assert.equal(after, row);
  const standard = await post(me, '/my/settings', { notificationChannel: 'email', defaultQuietHours: 'on' });
  assert.is(standard.status, 204);
  assert.match(await (await get(me, '/my/settings')).text(), 'value="21:00"');
});

test('another account’s order page and its cancel are 404; a form without the CSRF token is refused', async () => {
  const theirs = await post(them, '/my/service-orders', { type: 'inspection', description: 'Theirs' });
  const path = JSON.parse(theirs.headers.get('hx-location') ?? '{}').path.split('?')[0] as string;
  assert.is((await get(me, path)).status, 404);
  assert.is((await post(me, `${path}/cancel`, {})).status, 404);
  const forged = await fetch(`${server.baseUrl}/my/readings`, {
    method: 'POST', headers: { cookie: me.cookie, origin: server.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ readAt: today(), value: '5' }),
  });
  assert.is(forged.status, 403);
});

test.run();
