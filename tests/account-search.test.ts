// The account search API end to end over HTTP: ranking tiers, accents, typos, contact fields, filters and paging
// (the page: tests/account-search-page.test.ts; the fixture: tests/support/search-fixture.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CompiledQuery, sql } from 'kysely';
import { db } from '../domain/common/database.js';
import type { TestServer } from './support/app-server.js';
import { countStatements } from './support/statement-count.js';
import { ACCOUNTS, startSearchFixture } from './support/search-fixture.js';
import { searchAccounts } from '../domain/accounts/search/account-search.js';
import { contactBranches, rankedPage } from '../domain/accounts/search/account-search-sql.js';
import { planSearch } from '../domain/accounts/search/search-query.js';

let server: TestServer;
let tokens: Record<string, string> = {};
test.before(async () => { ({ server, tokens } = await startSearchFixture('account_search')); });
test.after(async () => server.close());

const query = () => db(server.db.orm.em);
const url = (path: string) => `${server.baseUrl}${path}`;

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
  ['john.doe@example.com', 'WU-10001'], ['JOHN.DOE@EXAMPLE.COM', 'WU-10001'], ['doe@exam', 'WU-10001'], ['jsmith42', 'WU-10003'], ['JSmith', 'WU-10003'], ['jsmi', 'WU-10003'], ['mith42', 'WU-10003'],
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

test('digits typed alone are looked up in account and meter numbers by their last six but must be contained whole', async () => {
  // WU-100001 and M-8642097 hold the last six digits of these, not all of them.
  assert.equal(numbers(await search({ q: '9100001' })), []);
  assert.equal(numbers(await search({ q: '3642097' })), []);
  assert.equal(numbers(await search({ q: '8642097' })), ['WU-20001'], 'the whole meter number in digits finds its account');
  assert.equal(numbers(await search({ q: '642097' })), ['WU-20001'], 'and so do its last six');
  assert.ok(numbers(await search({ q: '100001' })).includes('WU-100001'), 'the whole account number in digits finds it');
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
  assert.is((await search({ q: 'example' })).total, 0, 'a word of letters alone is looked for at the start of an address, not in its domain');
  assert.ok((await search({ q: 'example.com' })).total >= 2, 'with a dot it is looked for anywhere in the address');
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

test('pages cut the ranked list where one long page would: short account numbers before longer ones on every page', async () => {
  const long = await search({ q: 'wu-1000', pageSize: '25' });
  const whole = numbers(long);
  assert.is(long.total, whole.length, 'every match fits the one long page');
  assert.equal(whole.slice(0, 3), ['WU-10001', 'WU-10002', 'WU-10003']);
  const paged: string[] = [];
  for (let page = 1; page <= Math.ceil(long.total / 2); page++) paged.push(...numbers(await search({ q: 'wu-1000', pageSize: '2', page: String(page) })));
  assert.equal(paged, whole);
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

test('a search is one statement, with no transaction around it; input beyond ASCII is folded by the database first', async () => {
  const request = { q: 'john doe', page: 1, pageSize: 20 };
  const ascii = await countStatements(() => searchAccounts(server.db.orm.em.fork(), request));
  assert.is(ascii.count, 1, ascii.statements.join('\n'));
  const accented = await countStatements(() => searchAccounts(server.db.orm.em.fork(), { ...request, q: 'josé pérez' }));
  assert.is(accented.count, 2, accented.statements.join('\n'));
  assert.ok(!accented.statements.some((text) => /^\s*(begin|commit|select set_config)/i.test(text)), accented.statements.join('\n'));
});

test('the connections plan for short queries (set once per connection, as every process\'s are)', async () => {
  const { rows } = await sql<{ jit: string; workers: string }>`select current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers`.execute(query());
  assert.equal(rows[0], { jit: 'off', workers: '0' });
});

test('a partial account number is answered from the prefix index alone, without reading a table page per match', async () => {
  const plan = planSearch('wu-100', 'wu-100');
  const statement = rankedPage(query(), contactBranches(query(), plan), {}, 25, 0).compile();
  await sql`vacuum (analyze) account`.execute(query()); // sets the visibility map, as autovacuum does
  const plans = await query().transaction().execute(async (trx) => {
    // The fixture's table is small enough to read whole; the question is what the index can answer alone.
    await sql`set local enable_seqscan = off`.execute(trx);
    await sql`set local enable_bitmapscan = off`.execute(trx);
    const { rows } = await trx.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`explain (format json) ${statement.sql}`, [...statement.parameters]));
    return JSON.stringify(rows[0]['QUERY PLAN']);
  });
  assert.match(plans, /"Node Type":"Index Only Scan","Parent Relationship":"Member"[^}]*"Index Name":"account_number_pattern_cover"/);
});

/** Input → the tier each account gets from the contact branches: 0 or 1 the whole value, 3 its start, 4 inside it. */
const CONTACT_TIERS: Array<[string, Record<string, number>]> = [
  ['WU-10001', { 'WU-10001': 0 }],
  ['wu-1000', { 'WU-10001': 3, 'WU-10007': 3, 'WU-100001': 3 }],
  ['10001', { 'WU-10001': 0, 'WU-110001': 4 }],
  ['john.doe@example.com', { 'WU-10001': 1 }],
  ['john.doe@exam', { 'WU-10001': 3 }],
  ['doe@exam', { 'WU-10001': 4 }],
  ['2175550134', { 'WU-10001': 1 }],
  ['217555', { 'WU-10001': 3, 'WU-10002': 3 }],
  ['555-0134', { 'WU-10001': 4 }],
  ['M-5678', { 'WU-10001': 1 }],
  ['M-56', { 'WU-10001': 3 }],
  ['678', { 'WU-10001': 4 }],
];
for (const [q, expected] of CONTACT_TIERS) {
  test(`contact tiers of "${q}": ${JSON.stringify(expected)}`, async () => {
    const branches = contactBranches(query(), planSearch(q, q.toLowerCase()));
    const { rows } = await sql<{ account_number: string; tier: number }>`select account_number, min(tier)::int as tier
      from (${sql.join(branches, sql` union all `)}) as hits group by account_number`.execute(query());
    const found = Object.fromEntries(rows.map((row) => [row.account_number, row.tier]));
    for (const [account, tier] of Object.entries(expected)) assert.is(found[account], tier, `${q} → ${account}: ${JSON.stringify(found)}`);
  });
}

test('printable ASCII folds in JavaScript exactly as the database folds it for the name indexes', async () => {
  const characters = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));
  const { rows } = await sql<{ c: string; folded: string }>`select c, lower(f_unaccent(c)) as folded from unnest(${characters}::text[]) as c`.execute(query());
  assert.is(rows.length, 95);
  for (const row of rows) assert.is(row.folded, row.c.toLowerCase(), JSON.stringify(row.c));
});

test.run();
