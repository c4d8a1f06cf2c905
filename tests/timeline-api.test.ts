/**
 * The account timeline through the JSON API (docs/api.md#account-timeline): an account with one
 * event of every kind comes back newest first with each entry's kind, actor and link; kind and
 * date filters; keyset pages that add up to the whole stream and do not shift when an entry is
 * added; 422 naming the field for each bad filter; the CSV and Atom exports well-formed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'csv-parse/sync';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken } from './support/browser-session.js';
import { daysAgo } from './support/activity-client.js';
import { EXPECTED, insertTimelineAccount, type TimelineAccount } from './support/timeline-fixture.js';

let server: TestServer;
let token: string;
let account: TimelineAccount;

interface Entry { at: string; kind: string; summary: string; actor: string | null; portal: boolean; link: string }
interface Page { accountNumber: string; items: Entry[]; pageSize: number; nextCursor: string | null }

test.before(async () => {
  server = await startTestServer('timeline_api');
  const agent = await createUser(server.db, 'agent');
  token = await apiToken(server.baseUrl, agent.email, agent.password);
  account = await insertTimelineAccount(server.db.orm, agent.email);
});
test.after(async () => server.close());

async function get(path: string) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, body: text.startsWith('{') ? JSON.parse(text) : null };
}
const timeline = async (query = '') => (await get(`/accounts/${account.accountNumber}/timeline${query}`)).body as Page;

test('every kind comes back newest first, with its link, actor and the portal flag', async () => {
  const page = await timeline();
  assert.equal(page.items.map((e) => e.kind), EXPECTED.map(([, kind]) => kind));
  for (const [i, [, kind, link]] of EXPECTED.entries()) assert.match(page.items[i].link, link, `${kind} link`);
  const times = page.items.map((e) => Date.parse(e.at));
  assert.equal(times, [...times].sort((a, b) => b - a), 'newest first');
  assert.is(page.nextCursor, null);
  const byKind = (kind: string) => page.items.filter((e) => e.kind === kind);
  assert.is(byKind('note')[0].actor, account.agentName);
  assert.is(byKind('status')[0].actor, 'nightly metrics');
  assert.match(byKind('status')[0].summary, /active → collection/);
  const reading = byKind('reading')[0];
  assert.is(reading.actor, account.consumerName, 'a portal action is attributed to the consumer');
  assert.ok(reading.portal);
  assert.match(reading.summary, /via the portal/);
  assert.not.ok(byKind('payment')[0].portal);
  assert.match(byKind('payment')[0].summary, /\$120\.00/);
  const [assigned, created] = byKind('service_order');
  assert.match(assigned.summary, /\(repair\) created → assigned$/);
  assert.match(created.summary, /\(repair\) created: Leak at the meter box$/);
  // A bill's date is the first moment of its local day.
  assert.is(byKind('bill')[0].at.slice(0, 10) <= daysAgo(14), true);
});

test('kind filter: one kind, several kinds (repeated or comma-separated)', async () => {
  assert.equal((await timeline('?kind=complaint')).items.map((e) => e.summary.split(' (')[0]), ['Complaint resolved', 'Complaint opened']);
  assert.equal((await timeline('?kind=payment,bill')).items.map((e) => e.kind), ['bill', 'payment']);
  assert.equal((await timeline('?kind=vip&kind=score&kind=status')).items.map((e) => e.kind), ['status', 'vip', 'score']);
});

test('date range: utility-local days, both included', async () => {
  const page = await timeline(`?from=${daysAgo(10)}&to=${daysAgo(6)}`);
  assert.equal(page.items.map((e) => e.kind), ['complaint', 'notification', 'complaint', 'communication', 'service_order']);
  assert.equal((await timeline(`?from=${daysAgo(14)}&to=${daysAgo(13)}&kind=bill,reading`)).items.map((e) => e.kind), ['reading', 'bill']);
});

test('keyset pages add up to the whole stream, and an entry added meanwhile does not shift them', async () => {
  const all = (await timeline()).items;
  const walked: Entry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page = await timeline(`?pageSize=4${cursor ? `&cursor=${cursor}` : ''}`);
    walked.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
    if (pages === 1) {
      const added = await fetch(`${server.baseUrl}/api/v1/accounts/${account.accountNumber}/notes`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ body: 'Added while paging' }),
      });
      assert.is(added.status, 201);
    }
  } while (cursor && pages < 10);
  assert.is(pages, 4);
  assert.equal(walked, all);
  const fresh = await timeline('?pageSize=1');
  assert.match(fresh.items[0].summary, /Added while paging/);
  assert.is(fresh.items[0].kind, 'note');
});

test('bad filters are 422 naming the field; an unknown account is 404', async () => {
  const cases: Array<[string, string]> = [
    ['?from=2026-13-45', 'from'],
    ['?to=yesterday', 'to'],
    ['?kind=payments', 'kind'],
    ['?kind=payment,nonsense', 'kind'],
    ['?cursor=not-a-cursor', 'cursor'],
    [`?cursor=${Buffer.from('2026-11-27T14:03:05.123456Z|elsewhere|3').toString('base64url')}`, 'cursor'],
    [`?from=${daysAgo(1)}&to=${daysAgo(5)}`, 'to'],
    ['?pageSize=0', 'pageSize'],
    ['?pageSize=201', 'pageSize'],
  ];
  for (const [query, field] of cases) {
    for (const suffix of ['', '.csv', '.atom']) {
      const r = await get(`/accounts/${account.accountNumber}/timeline${suffix}${query}`);
      assert.is(r.status, 422, `${suffix} ${query}`);
      assert.equal(Object.keys(r.body.error.details.fields), [field], `${suffix} ${query}`);
    }
  }
  assert.is((await get('/accounts/WU-99999999/timeline')).status, 404);
  assert.is((await get('/accounts/WU-99999999/timeline.csv')).status, 404);
});

test('CSV: a header and one line per entry, text with commas, quotes, line breaks and formulas kept safe', async () => {
  await fetch(`${server.baseUrl}/api/v1/accounts/${account.accountNumber}/notes`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body: '=HYPERLINK("x"), then\na second line' }),
  });
  const r = await get(`/accounts/${account.accountNumber}/timeline.csv`);
  assert.is(r.status, 200);
  assert.match(r.type, /^text\/csv/);
  const rows = parse(r.text, { columns: true }) as Array<Record<string, string>>;
  const json = await timeline('?pageSize=200');
  assert.is(rows.length, json.items.length);
  assert.equal(Object.keys(rows[0]), ['at', 'kind', 'summary', 'actor', 'portal', 'link']);
  assert.is(rows[0].summary, 'Note: =HYPERLINK("x"), then\na second line');
  assert.equal(rows.map((row) => row.kind), json.items.map((e) => e.kind));
  assert.ok(rows.every((row) => row.link.startsWith('http')), 'absolute links');
  const filtered = parse((await get(`/accounts/${account.accountNumber}/timeline.csv?kind=payment`)).text, { columns: true }) as unknown[];
  assert.is(filtered.length, 1);
});

/** A small well-formedness check: every tag closes in order, and no bare & or < is left in text. */
function assertWellFormed(xml: string) {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  for (const [, closing, name, rest] of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^<>]*)>/g)) {
    if (closing) assert.is(stack.pop(), name, `</${name}> closes the open tag`);
    else if (!rest.endsWith('/')) stack.push(name);
  }
  assert.equal(stack, [], 'every tag closed');
  assert.not.match(body.replace(/<[^<>]*>/g, ''), /&(?!(amp|lt|gt|quot|apos);)|</, 'no bare & or < in text');
}

test('Atom: a valid feed with one entry per timeline entry, escaped', async () => {
  await fetch(`${server.baseUrl}/api/v1/accounts/${account.accountNumber}/notes`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ body: 'Pipes <b>&</b> "fixed"' }),
  });
  const r = await get(`/accounts/${account.accountNumber}/timeline.atom`);
  assert.is(r.status, 200);
  assert.match(r.type, /^application\/atom\+xml/);
  assertWellFormed(r.text);
  assert.match(r.text, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  for (const element of ['id', 'title', 'updated', 'author']) assert.match(r.text, new RegExp(`<feed[\\s\\S]*?<${element}[ >]`));
  const entries = [...r.text.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]);
  const json = await timeline('?pageSize=100');
  assert.is(entries.length, json.items.length);
  for (const entry of entries) {
    for (const element of ['<id>', '<title type="text">', '<updated>', '<link rel="alternate"']) assert.ok(entry.includes(element), element);
  }
  assert.ok(entries[0].includes('Note: Pipes &lt;b&gt;&amp;&lt;/b&gt; &quot;fixed&quot;'), entries[0]);
  const ids = entries.map((entry) => /<id>([^<]+)<\/id>/.exec(entry)?.[1]);
  assert.is(new Set(ids).size, ids.length, 'unique entry ids');
  const again = await get(`/accounts/${account.accountNumber}/timeline.atom`);
  assert.equal([...again.text.matchAll(/<entry>\s*<id>([^<]+)/g)].map((m) => m[1]), ids, 'stable entry ids');
});

test('the routes are in the OpenAPI document', async () => {
  const doc = (await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
  for (const path of ['/accounts/{accountNumber}/timeline', '/accounts/{accountNumber}/timeline.csv', '/accounts/{accountNumber}/timeline.atom']) {
    assert.ok(doc.paths[path], path);
  }
});

test.run();
