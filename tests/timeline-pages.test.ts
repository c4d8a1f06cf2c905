/**
 * The profile's Timeline tab (htmx): the whole page and the fragment, the filter form, the
 * "More" button that appends the next page, an inline message for a bad filter, and the
 * Overview's latest activity as the timeline's first entries.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { daysAgo } from './support/activity-client.js';
import { EXPECTED, insertTimelineAccount, noonDaysAgo, type TimelineAccount } from './support/timeline-fixture.js';
import { insertRow } from './support/rows.js';
import { insertMinimalAccount } from './support/minimal-account.js';

let server: TestServer;
let session: SignedIn;
let account: TimelineAccount;
let agentEmail: string;

test.before(async () => {
  server = await startTestServer('timeline_pages');
  const agent = await createUser(server.db, 'agent');
  session = await signIn(server.baseUrl, agent.email, agent.password);
  agentEmail = agent.email;
  account = await insertTimelineAccount(server.db.orm, agent.email);
});
test.after(async () => server.close());

const page = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { cookie: session.cookie } });
const htmx = (path: string) => htmxRequest(server.baseUrl, session, path);
const kindsIn = (html: string) => [...html.matchAll(/data-activity="([a-z_]+)"/g)].map((m) => m[1]);

test('the Timeline tab opens on its own URL as a whole page, with every kind newest first', async () => {
  const response = await page(`/accounts/${account.accountNumber}/timeline`);
  assert.is(response.status, 200);
  const html = await response.text();
  assert.match(html, /<a[^>]*id="tab-timeline"[^>]*aria-selected="true"/);
  assert.equal(kindsIn(html), EXPECTED.map(([, kind]) => kind));
  assert.match(html, /href="\/api\/v1\/accounts\/WU-\d+\/timeline.csv"/);
  assert.match(html, /href="\/api\/v1\/accounts\/WU-\d+\/timeline.atom"/);
  assert.match(html, new RegExp(`${account.consumerName}`), 'the portal reading names the consumer');
  assert.not.match(html, /id="timeline-more"><button/, 'no More button when everything fits');
});

test('every entry’s link opens a page holding the record it names', async () => {
  const html = await (await page(`/accounts/${account.accountNumber}/timeline`)).text();
  const links = [...html.matchAll(/<li[^>]*data-activity="([a-z_]+)"[\s\S]*?<a[^>]*href="([^"]+)"/g)].map((m) => ({ kind: m[1], href: m[2].replaceAll('&amp;', '&') }));
  assert.is(links.length, EXPECTED.length);
  for (const { kind, href } of links) {
    const [path, anchor] = href.split('#');
    const response = await page(path);
    assert.is(response.status, 200, `${kind}: ${href}`);
    if (anchor) assert.match(await response.text(), ` id="${anchor}"`, `${kind}: ${href} has no element #${anchor}`);
  }
});

test('the filter form narrows the fragment by kind and dates, and keeps its values', async () => {
  const response = await htmx(`/accounts/${account.accountNumber}/timeline?kind=complaint&kind=note&from=${daysAgo(8)}&to=${daysAgo(1)}`);
  assert.is(response.status, 200);
  const html = await response.text();
  assert.not.match(html, /<html/);
  assert.equal(kindsIn(html), ['note', 'complaint', 'complaint']);
  assert.match(html, /<input type="checkbox" name="kind" value="complaint" checked/);
  assert.match(html, new RegExp(`name="from" value="${daysAgo(8)}"`));
  assert.match(html, /timeline.csv\?kind=complaint&amp;kind=note&amp;from=/);
});

test('a bad filter is an inline message by its field, and no entries', async () => {
  const html = await (await htmx(`/accounts/${account.accountNumber}/timeline?from=someday&kind=bogus`)).text();
  assert.match(html, /id="f-from-error"/);
  assert.match(html, /field-error[^>]*>one of payment/);
  assert.equal(kindsIn(html), []);
});

test('"More" appends the next page for the same filter until everything is shown', async () => {
  const q = db(server.db.orm.em);
  for (let i = 0; i < 30; i++) {
    await insertRow(q, 'note', {
      account_id: account.id, thread: sql`gen_random_uuid()`, version: 1, body: `Bulk note ${i}`, author_name: account.agentName, created_at: new Date(noonDaysAgo(0).getTime() - i * 60_000),
    });
  }
  const first = await (await htmx(`/accounts/${account.accountNumber}/timeline?kind=note`)).text();
  assert.is(kindsIn(first).length, 25);
  const more = /hx-get="([^"]+\/timeline\/more\?[^"]+)"/.exec(first)?.[1]?.replaceAll('&amp;', '&');
  assert.ok(more, 'a More button');
  assert.match(more ?? '', /kind=note/);
  const second = await (await htmx(more ?? '')).text();
  assert.is(kindsIn(second).length, 6);
  assert.match(second, /That is everything/);
  const shown = [...first.matchAll(/Note: ([^<]+)</g), ...second.matchAll(/Note: ([^<]+)</g)].map((m) => m[1]);
  assert.is(new Set(shown).size, 31, 'no entry twice');
  assert.is((await htmx(`/accounts/${account.accountNumber}/timeline/more?cursor=nonsense`)).status, 422);
});

test('the Overview\'s latest activity is the first entries of the timeline, with a link to all of it', async () => {
  const html = await (await page(`/accounts/${account.accountNumber}`)).text();
  const latest = kindsIn(html);
  assert.is(latest.length, 8);
  assert.ok(latest.every((kind) => kind === 'note'), 'the newest entries: the bulk notes');
  assert.match(html, /href="\/accounts\/WU-\d+\/timeline"[^>]*>Full timeline</);
});

/** The entries of a page's timeline lists, as marked up. */
const entriesIn = (html: string) => [...html.matchAll(/<li data-activity=[\s\S]*?<\/li>/g)].map((m) => m[0]);

test('the Overview\'s latest activity, read with the account\'s header, is marked up as the timeline\'s first page', async () => {
  // A second account whose eight newest entries include every kind dated by a day (bill, reading) and with an
  // amount (payment, bill): the entries newer than its service order are moved 100 days back.
  const other = await insertTimelineAccount(server.db.orm, agentEmail);
  const q = db(server.db.orm.em.fork());
  const back = sql`interval '100 days'`;
  await q.updateTable('note').set({ created_at: sql`created_at - ${back}` }).where('account_id', '=', other.id).execute();
  await q.updateTable('audit_log').set({ at: sql`at - ${back}` }).where('entity', '=', 'account').where('entity_id', '=', other.accountNumber).execute();
  await q.updateTable('complaint').set({ opened_at: sql`opened_at - ${back}`, resolved_at: sql`resolved_at - ${back}` }).where('account_id', '=', other.id).execute();
  await q.updateTable('notification').set({ created_at: sql`created_at - ${back}` }).where('account_id', '=', other.id).execute();
  await q.updateTable('communication').set({ occurred_at: sql`occurred_at - ${back}` }).where('account_id', '=', other.id).execute();
  await q.updateTable('document_version').set({ uploaded_at: sql`uploaded_at - ${back}` })
    .where('document_id', 'in', q.selectFrom('document').select('id').where('account_id', '=', other.id)).execute();

  const overview = entriesIn(await (await page(`/accounts/${other.accountNumber}`)).text());
  const timeline = entriesIn(await (await htmx(`/accounts/${other.accountNumber}/timeline`)).text());
  assert.is(overview.length, 8);
  assert.equal(overview, timeline.slice(0, 8));
  assert.equal(kindsIn(overview.join('')), ['service_order', 'service_order', 'reading_verification', 'reading', 'bill', 'payment', 'note', 'status']);
  assert.match(overview.join(''), /120\.00/, 'the payment\'s amount');
  assert.match(overview.join(''), /99\.50/, 'the bill\'s amount');

  const htmxOverview = entriesIn(await (await htmx(`/accounts/${other.accountNumber}`)).text());
  assert.equal(htmxOverview, overview, 'the Overview fragment reads it the same way');
});

test('an account with no activity yet says so on its Overview', async () => {
  const quiet = await insertMinimalAccount(server.db.orm);
  const html = await (await page(`/accounts/${quiet.accountNumber}`)).text();
  assert.equal(entriesIn(html), []);
  assert.match(html, /id="activity-heading">Latest activity<\/h2>\s*<p class="muted">Nothing yet\.<\/p>/);
});

test.run();
