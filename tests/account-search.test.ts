// The account search end to end over HTTP: ranking tiers, accents, typos, contact fields, filters and paging.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import type { AccountStatus, DisconnectionKind } from '../domain/common/enums.js';
import { insertRow } from './support/rows.js';
import { apiToken, signIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { countStatements } from './support/statement-count.js';
import { searchAccounts } from '../domain/accounts/search/account-search.js';

let server: TestServer;
const tokens: Record<string, string> = {};
let cookie = '';

const query = () => db(server.db.orm.em);
const now = sql<Date>`now()`;
const url = (path: string) => `${server.baseUrl}${path}`;

/** One account of the fixture, with only what differs from the defaults. */
interface SearchAccount {
  number: string; first: string; last: string; status?: AccountStatus; kind?: DisconnectionKind | null; email?: string | null;
  phone?: string | null; vip?: boolean; overdueSince?: string | null; balance?: number; health?: number | null;
}

const ACCOUNTS: SearchAccount[] = [
  { number: 'WU-10001', first: 'John', last: 'Doe', email: 'john.doe@example.com', phone: '(217) 555-0134', vip: true, balance: 12_345, health: 88 },
  { number: 'WU-10002', first: 'José', last: 'Pérez', email: 'jose.perez@example.net', phone: '217-555-0199', status: 'pending' },
  { number: 'WU-10003', first: 'Jane', last: 'Smith', email: 'jsmith42@example.org', overdueSince: '2026-09-01', balance: 5000 },
  { number: 'WU-10004', first: 'Johnny', last: 'Smithers', status: 'disconnected', kind: 'temporary' },
  { number: 'WU-10005', first: 'Mary', last: "O'Brien-Lee", status: 'collection', vip: true, overdueSince: '2026-06-01' },
  { number: 'WU-10006', first: 'Søren', last: 'Ødegård', status: 'inactive' },
  { number: 'WU-10007', first: 'Johanna', last: 'Doerr', phone: '+1 (309) 444-1212' },
  { number: 'WU-100001', first: 'Peter', last: 'Parker', email: 'peter@example.com' },
  { number: 'WU-20001', first: 'Doe', last: 'Johnson', status: 'disconnected', kind: 'permanent' },
  { number: 'WU-110001', first: 'Wendy', last: 'Wong' },
];

async function insertAccount(a: SearchAccount): Promise<number> {
  return insertRow(query(), 'account', {
    account_number: a.number, first_name: a.first, last_name: a.last, email: a.email ?? null, phone: a.phone ?? null,
    service_address: '1 Main St', customer_since: '2020-01-01', status: a.status ?? 'active', disconnection_kind: a.kind ?? null,
    vip: a.vip ?? false, overdue_since: a.overdueSince ?? null, balance_cents: a.balance ?? 0, health_score: a.health ?? null,
    version: 1, created_at: now, updated_at: now,
  });
}

async function assignMeter(accountId: number, meterNumber: string, open: boolean) {
  const connectionId = await insertRow(query(), 'service_connection', { account_id: accountId, address: '1 Main St', created_at: now });
  const meterId = await insertRow(query(), 'meter', {
    meter_number: meterNumber, device_number: `D-${meterNumber.slice(2)}`, type: 'residential', model: 'Aquaflow X200',
    installed_at: '2020-01-01', created_at: now,
  });
  await insertRow(query(), 'meter_assignment', {
    meter_id: meterId, connection_id: connectionId, assigned_at: '2020-01-01', unassigned_at: open ? null : '2024-01-01', created_at: now,
  });
}

test.before(async () => {
  server = await startTestServer('account_search');
  for (const role of ['agent', 'dispatcher', 'admin'] as const) {
    const user = await createUser(server.db, role);
    tokens[role] = await apiToken(server.baseUrl, user.email, user.password);
    if (role === 'agent') cookie = (await signIn(server.baseUrl, user.email, user.password)).cookie;
  }
  const ids: Record<string, number> = {};
  for (const account of ACCOUNTS) ids[account.number] = await insertAccount(account);
  await assignMeter(ids['WU-10001'], 'M-5678', true);
  await assignMeter(ids['WU-10003'], 'M-9999', false); // removed from the account: no longer finds it
  for (let i = 1; i <= 30; i++) {
    await insertAccount({ number: `WU-3${String(i).padStart(4, '0')}`, first: `Person${i}`, last: 'Pager', vip: i % 3 === 0 });
  }
});
test.after(async () => server.close());

interface Hit { accountNumber: string; name: string; status: string; vip: boolean; balanceCents: number; healthScore: number | null }
interface SearchBody { items: Hit[]; total: number; page: number; pageSize: number }

async function search(params: Record<string, string>, role = 'agent'): Promise<SearchBody> {
  const response = await fetch(url(`/api/v1/accounts?${new URLSearchParams(params)}`), { headers: { authorization: `Bearer ${tokens[role]}` } });
  assert.is(response.status, 200, `${JSON.stringify(params)} → ${response.status}`);
  return (await response.json()) as SearchBody;
}
const numbers = (body: SearchBody) => body.items.map((item) => item.accountNumber);
const first = async (q: string) => numbers(await search({ q }))[0];

test('the item shape', async () => {
  const body = await search({ q: 'WU-10001' });
  assert.equal(body.items[0], {
    accountNumber: 'WU-10001', name: 'John Doe', firstName: 'John', lastName: 'Doe', status: 'active', disconnectionKind: null,
    vip: true, balanceCents: 12_345, healthScore: 88, overdueSince: null,
  });
  assert.is(body.page, 1);
  assert.is(body.pageSize, 25);
});

const FINDS: Array<[string, string]> = [
  ['john', 'WU-10001'], ['doe', 'WU-10001'], ['john doe', 'WU-10001'], ['doe john', 'WU-10001'], ['JOHN DOE', 'WU-10001'],
  ['  john   doe ', 'WU-10001'], ['jose', 'WU-10002'], ['José Pérez', 'WU-10002'], ['perez jose', 'WU-10002'], ['PEREZ', 'WU-10002'],
  ['john d', 'WU-10001'], ['jo doe', 'WU-10001'], ['jhon doe', 'WU-10001'], ['jhon', 'WU-10001'], ['smiht', 'WU-10003'], ['jane smiht', 'WU-10003'], ['soren odegard', 'WU-10006'],
  ['ødegård', 'WU-10006'], ["o'brien", 'WU-10005'], ['obrien', 'WU-10005'], ['brien lee', 'WU-10005'], ['smi', 'WU-10003'],
  ['10001', 'WU-10001'], ['wu-10001', 'WU-10001'], ['WU-10001', 'WU-10001'], ['wu10001', 'WU-10001'], ['wu 10001', 'WU-10001'],
  ['wu-100001', 'WU-100001'], ['100001', 'WU-100001'],
  ['john.doe@example.com', 'WU-10001'], ['JOHN.DOE@EXAMPLE.COM', 'WU-10001'], ['doe@exam', 'WU-10001'], ['jsmith42', 'WU-10003'],
  ['2175550134', 'WU-10001'], ['(217) 555-0134', 'WU-10001'], ['217.555.0134', 'WU-10001'], ['+1 217 555 0134', 'WU-10001'],
  ['555-0134', 'WU-10001'], ['3094441212', 'WU-10007'], ['444-1212', 'WU-10007'],
  ['M-5678', 'WU-10001'], ['m-5678', 'WU-10001'], ['m5678', 'WU-10001'], ['5678', 'WU-10001'],
];
for (const [q, expected] of FINDS) {
  test(`"${q}" finds ${expected} first`, async () => assert.is(await first(q), expected));
}

test('a phone number is looked up by its last digits but must be contained whole: another area code is not a match', async () => {
  // WU-10001 is (217) 555-0134: the same last six digits as these, not the same number.
  assert.equal(numbers(await search({ q: '(309) 555-0134' })), []);
  assert.equal(numbers(await search({ q: '3095550134' })), []);
  assert.ok(numbers(await search({ q: '555-0134' })).includes('WU-10001'), 'the local number alone still finds it');
  assert.ok(numbers(await search({ q: '217555' })).includes('WU-10001'), 'and so do its first digits');
});

test('partial account numbers in any case list every account that starts with or contains them', async () => {
  for (const q of ['WU-100', 'wu-100', 'Wu-100']) {
    const found = numbers(await search({ q, pageSize: '200' }));
    for (const n of ['WU-10001', 'WU-10002', 'WU-10007', 'WU-100001']) assert.ok(found.includes(n), `${q} → ${n}`);
    assert.not.ok(found.includes('WU-20001'));
    assert.not.ok(found.includes('WU-30001'));
  }
  const contains = numbers(await search({ q: '0001' }));
  for (const n of ['WU-10001', 'WU-100001', 'WU-20001', 'WU-30001']) assert.ok(contains.includes(n), n);
});

test('ranking: the exact account number first, then the partial ones, ties by account number', async () => {
  assert.equal(numbers(await search({ q: '10001' })), ['WU-10001', 'WU-110001']);
  const prefix = numbers(await search({ q: 'wu-1000' }));
  assert.equal(prefix.slice(0, 7), ['WU-10001', 'WU-10002', 'WU-10003', 'WU-10004', 'WU-10005', 'WU-10006', 'WU-10007']);
});

test('ranking: exact full name > every word exact > prefix > one typo', async () => {
  const doe = numbers(await search({ q: 'john doe' }));
  assert.is(doe[0], 'WU-10001'); // exact name
  assert.is(doe[1], 'WU-20001'); // "Doe Johnson": both words, one as a prefix
  const smith = numbers(await search({ q: 'smith' }));
  assert.equal(smith.slice(0, 2), ['WU-10003', 'WU-10004']); // Smith (word) before Smithers (prefix)
  const typo = numbers(await search({ q: 'jhon' }));
  assert.is(typo[0], 'WU-10001');
  assert.not.ok(typo.includes('WU-10003'));
});

test('what should not match does not', async () => {
  assert.is((await search({ q: 'zzzzqqq' })).total, 0);
  assert.is((await search({ q: 'M-9999' })).total, 0, 'a meter no longer assigned');
  assert.is((await search({ q: 'john.doe@example.net' })).total, 0, 'the mailbox matches, the domain does not');
  assert.equal(numbers(await search({ q: 'doe@example.com' })), ['WU-10001'], 'a mailbox ending so, at that domain');
  assert.is((await search({ q: '%' })).total, 0);
  assert.is((await search({ q: '_' })).total, 0);
  assert.is((await search({ q: "'; drop table account; --" })).total, 0);
  const count = await query().selectFrom('account').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  assert.is(count.n, ACCOUNTS.length + 30);
});

test('filters: status, VIP, overdue, alone and with a query', async () => {
  const active = await search({ status: 'active', pageSize: '200' });
  const expected = await query().selectFrom('account').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'active').executeTakeFirstOrThrow();
  assert.is(active.total, expected.n);
  assert.ok(active.items.every((item) => item.status === 'active'));
  assert.equal(numbers(active), [...numbers(active)].sort((a, b) => a.length - b.length || a.localeCompare(b)), 'by account number');
  const vip = await search({ vip: 'true', pageSize: '200' });
  assert.is(vip.total, 12);
  assert.ok(vip.items.every((item) => item.vip));
  assert.equal(numbers(await search({ overdue: 'true' })), ['WU-10003', 'WU-10005']);
  assert.equal(numbers(await search({ q: 'john', status: 'disconnected' })).sort(), ['WU-10004', 'WU-20001']);
  assert.equal(numbers(await search({ q: 'smith', overdue: 'true' })), ['WU-10003']);
  assert.equal(numbers(await search({ q: 'doe', vip: 'false' })).includes('WU-10001'), false);
  assert.is((await search({ q: 'pager', vip: 'true', status: 'active' })).total, 10);
});

test('a status with overdue lists its page in account-number order, whether many or none match', async () => {
  for (const overdue of [true, false]) {
    const page = await search({ status: 'active', overdue: String(overdue), pageSize: '5', page: '2' });
    const expected = await query().selectFrom('account').select('account_number')
      .where('status', '=', 'active').where('overdue_since', overdue ? 'is not' : 'is', null)
      .orderBy(sql`length(account_number)`).orderBy('account_number').limit(5).offset(5).execute();
    assert.equal(numbers(page), expected.map((row) => row.account_number), `overdue ${overdue}`);
  }
  assert.equal(numbers(await search({ status: 'collection', overdue: 'true' })), ['WU-10005']);
  assert.equal(numbers(await search({ status: 'collection', overdue: 'false' })), []);
});

test('pagination: total, page 2, past the end', async () => {
  const one = await search({ q: 'pager', pageSize: '10' });
  const two = await search({ q: 'pager', pageSize: '10', page: '2' });
  assert.is(one.total, 30);
  assert.is(two.total, 30);
  assert.is(two.page, 2);
  assert.is(two.items.length, 10);
  assert.is(two.items[0].accountNumber, 'WU-30011');
  assert.not.ok(numbers(two).some((n) => numbers(one).includes(n)));
  const beyond = await search({ q: 'pager', pageSize: '10', page: '4' });
  assert.equal(beyond.items, []);
  assert.is(beyond.total, 30);
  const listed = await search({ page: '2', pageSize: '5' });
  assert.is(listed.total, ACCOUNTS.length + 30);
  assert.equal(numbers(listed), ['WU-10006', 'WU-10007', 'WU-20001', 'WU-30001', 'WU-30002']);
});

async function invalid(params: Record<string, string>) {
  const response = await fetch(url(`/api/v1/accounts?${new URLSearchParams(params)}`), { headers: { authorization: `Bearer ${tokens.agent}` } });
  assert.is(response.status, 422, JSON.stringify(params));
  return ((await response.json()) as { error: { code: string; details: { fields: Record<string, string> } } }).error;
}

test('bad values are 422 naming the field', async () => {
  assert.ok((await invalid({ pageSize: '201' })).details.fields.pageSize);
  assert.ok((await invalid({ status: 'bogus' })).details.fields.status);
  assert.ok((await invalid({ page: '0' })).details.fields.page);
  assert.ok((await invalid({ page: 'two' })).details.fields.page);
  assert.ok((await invalid({ vip: 'maybe' })).details.fields.vip);
  assert.ok((await invalid({ q: 'x'.repeat(201) })).details.fields.q);
  assert.is((await invalid({ overdue: 'yes' })).code, 'invalid');
  assert.is((await search({ pageSize: '200' })).pageSize, 200);
});

test('401 without auth; agent, dispatcher and admin may all search', async () => {
  assert.is((await fetch(url('/api/v1/accounts?q=john'))).status, 401);
  for (const role of ['agent', 'dispatcher', 'admin']) assert.is(numbers(await search({ q: 'john doe' }, role))[0], 'WU-10001');
});

async function searchPage(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url(`/accounts${query}`), { headers: { cookie, ...headers }, redirect: 'manual' });
  return { status: response.status, html: await response.text(), vary: response.headers.get('vary'), pushUrl: response.headers.get('hx-push-url') };
}

test('the page renders results with links to the profiles, status labels and the VIP crown', async () => {
  const { status, html } = await searchPage('?q=john+doe');
  assert.is(status, 200);
  assert.match(html, '<html');
  assert.match(html, 'href="/accounts/WU-10001"');
  assert.match(html, 'value="john doe"');
  assert.match(html, 'hx-get="/accounts"');
  assert.match(html, 'delay:300ms');
  assert.match(html, 'hx-push-url="true"');
  assert.match(html, 'status status-active');
  assert.match(html, 'aria-label="VIP"');
  assert.match(html, '$123.45');
  assert.not.match(html, ' style=');
});

test('an htmx request gets the results fragment; a history restore gets the page', async () => {
  const fragment = await searchPage('?q=pager&pageSize=10&page=2', { 'HX-Request': 'true' });
  assert.is(fragment.status, 200);
  assert.not.match(fragment.html, '<html');
  assert.match(fragment.html, 'WU-30011');
  assert.match(fragment.html, 'hx-get="/accounts?q=pager&amp;page=3&amp;pageSize=10"');
  assert.match(fragment.html, 'hx-target="#search-results"');
  assert.match(fragment.vary ?? '', 'HX-Request');
  assert.is(fragment.pushUrl, '/accounts?q=pager&page=2&pageSize=10');
  const restore = await searchPage('?q=pager', { 'HX-Request': 'true', 'HX-History-Restore-Request': 'true' });
  assert.match(restore.html, '<html');
});

test('the page: empty fields from the form are ignored; a bad value is explained', async () => {
  const { status, html } = await searchPage('?q=&status=&overdue=true');
  assert.is(status, 200);
  assert.match(html, 'WU-10003');
  const disconnected = await searchPage('?status=disconnected');
  assert.match(disconnected.html, 'Disconnected (permanent)');
  assert.match(disconnected.html, 'Disconnected (temporary)');
  const bad = await searchPage('?status=bogus');
  assert.is(bad.status, 422);
  const badFragment = await searchPage('?pageSize=999', { 'HX-Request': 'true' });
  assert.is(badFragment.status, 422);
  assert.match(badFragment.html, 'pageSize');
});

test('signed out, the page redirects to the sign-in', async () => {
  const response = await fetch(url('/accounts?q=john'), { redirect: 'manual' });
  assert.is(response.status, 303);
});

test('a search is one statement, with no transaction around it; input beyond ASCII is folded by the database first', async () => {
  const request = { q: 'john doe', page: 1, pageSize: 20 };
  const ascii = await countStatements(() => searchAccounts(server.db.orm.em.fork(), request));
  assert.is(ascii.count, 1, ascii.statements.join('\n'));
  const accented = await countStatements(() => searchAccounts(server.db.orm.em.fork(), { ...request, q: 'josé pérez' }));
  assert.is(accented.count, 2, accented.statements.join('\n'));
  assert.ok(!accented.statements.some((text) => /^\s*(begin|commit|select set_config)/i.test(text)), accented.statements.join('\n'));
});

test('the connections plan for short queries (set once per connection, as the API\'s are)', async () => {
  const { rows } = await sql<{ jit: string; workers: string }>`select current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers`.execute(query());
  assert.equal(rows[0], { jit: 'off', workers: '0' });
});

test('printable ASCII folds in JavaScript exactly as the database folds it for the name indexes', async () => {
  const characters = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
  const { rows } = await sql<{ c: string; folded: string }>`select c, lower(f_unaccent(c)) as folded from unnest(${characters}::text[]) as c`.execute(query());
  assert.is(rows.length, 95);
  for (const row of rows) assert.is(row.folded, row.c.toLowerCase(), JSON.stringify(row.c));
});

test.run();
