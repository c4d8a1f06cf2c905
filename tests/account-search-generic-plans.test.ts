// The search's statements run on the API's generic-plan connections (infra/database/generic-plan-pool.ts):
// each shape is prepared once there and then run on its generic plan, never planned again: names, e-mail,
// account numbers, phone and meter numbers. Only the similar-names fallback is planned as it runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db, type Db } from '../domain/common/database.js';
import { searchAccounts } from '../domain/accounts/search/account-search.js';
import { contactBranches, rankedPage } from '../domain/accounts/search/account-search-sql.js';
import { planSearch } from '../domain/accounts/search/search-query.js';
import { openGenericPlanDb } from '../infra/database/generic-plan-pool.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertRow } from './support/rows.js';
import { waitFor } from './support/jobs-worker.js';

let database: TestDatabase;
/** One connection, so what it has prepared is what the searches sent. */
let genericPlanDb: Db;

const PEOPLE = [['John', 'Smith', 'jsmith42@example.com'], ['Mary', 'Smithers', 'mary@smithers.org'], ['Jon', 'Smyth', null]] as const;

test.before(async () => {
  database = await createTestDatabase('search_generic_plans');
  genericPlanDb = openGenericPlanDb(database.url, 1);
  let n = 10_000;
  for (const [first, last, email] of PEOPLE) {
    n += 1;
    await insertRow(db(database.orm.em), 'account', {
      account_number: `WU-${n}`, first_name: first, last_name: last, email, phone: '(217) 555-0142',
      service_address: '1 Main St', customer_since: '2020-01-01', status: 'active', version: 1, created_at: sql`now()`, updated_at: sql`now()`,
    });
  }
  await addOtherAccounts();
});

/** Others enough that reading a whole index costs the planner more than ranges of it (5,000 were not); none matches a query of these tests. */
async function addOtherAccounts() {
  await sql`insert into account (account_number, first_name, last_name, service_address, customer_since, status, version, created_at, updated_at)
    select 'WU-' || (200000 + n), 'Other', 'Person', '2 Side St', '2020-01-01', 'active', 1, now(), now() from generate_series(1, 50000) as n`
    .execute(db(database.orm.em));
  await sql`analyze account`.execute(db(database.orm.em));
}

test.after(async () => {
  await genericPlanDb.destroy();
  await database.drop();
});

/** What the generic-plan connection keeps prepared: each statement and how often it ran on a generic or a custom plan. */
async function prepared() {
  const { rows } = await sql<{ statement: string; generic_plans: number; custom_plans: number }>`
    select statement, generic_plans, custom_plans from pg_prepared_statements order by prepare_time`.execute(genericPlanDb);
  return rows;
}

const search = (q: string, filters = {}) => searchAccounts(database.orm.em.fork(), { q, page: 1, pageSize: 20, ...filters }, genericPlanDb);

test('a name search is prepared once and then only run, on its generic plan', async () => {
  const first = await search('john smith');
  assert.equal(first.items.map((hit) => hit.accountNumber), ['WU-10001', 'WU-10003'], 'the name, then Jon Smyth: one typo in each word');
  await search('mary smithers');
  const statements = await prepared();
  assert.is(statements.length, 1, 'two full names, one shape');
  assert.is(statements[0].generic_plans, 2);
  assert.is(statements[0].custom_plans, 0);
});

test('other words, e-mail text and filters are shapes of their own; a shape seen again is not prepared again', async () => {
  const before = (await prepared()).length;
  assert.equal((await search('smith')).items.map((hit) => hit.accountNumber), ['WU-10001', 'WU-10002', 'WU-10003'], 'the word, the prefix, the typo');
  assert.equal((await search('jsmith42@example')).items.map((hit) => hit.accountNumber), ['WU-10001']);
  assert.equal((await search('smith', { status: 'active' })).total, 3);
  assert.equal((await search('smyth')).items[0]?.accountNumber, 'WU-10003', 'one word, another value: the same shape as "smith"');
  const statements = await prepared();
  assert.is(statements.length, before + 3);
  assert.ok(statements.every((s) => s.custom_plans === 0), 'never planned with its values');
});

test('number, phone and meter searches are prepared once per shape too, and their prefixes still use the pattern indexes', async () => {
  // What matters here is which conditions a plan made without the values can hand to an index, not whether
  // reading this small table whole would be cheaper still.
  await sql`set enable_seqscan = off`.execute(genericPlanDb);
  try {
    await numberShapes();
  } finally {
    await sql`reset enable_seqscan`.execute(genericPlanDb);
  }
});

async function numberShapes() {
  const before = (await prepared()).length;
  assert.equal((await search('WU-1000')).total, 3);
  assert.equal((await search('WU-1000')).total, 3, 'asked again: run on the shape prepared the first time');
  assert.equal((await search('2175550142')).total, 3);
  assert.equal((await search('10002')).items[0]?.accountNumber, 'WU-10002');
  assert.equal((await search('10003')).items[0]?.accountNumber, 'WU-10003', 'other digits, the same shape');
  const statements = await prepared();
  assert.is(statements.length, before + 2, 'an account prefix; digits typed alone, a phone number or a part of an account number (one shape)');
  assert.ok(statements.every((s) => s.custom_plans === 0), 'never planned with its values');
  // The digits' statement as the search builds it, and the plan the generic-plan connection runs it on.
  const digits = rankedPage(db(database.orm.em), contactBranches(db(database.orm.em), planSearch('10002', '10002')), {}, 20, 0).compile();
  const { rows: [kept] } = await sql<{ name: string }>`select name from pg_prepared_statements where position(${digits.sql} in statement) > 0`.execute(genericPlanDb);
  const literal = (value: unknown) => (value === null ? 'null' : typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`);
  const plan = await sql<{ 'QUERY PLAN': string }>`explain (costs off) execute ${sql.id(kept.name)}(${sql.raw(digits.parameters.map(literal).join(', '))})`.execute(genericPlanDb);
  const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  assert.match(text, /Index Cond: .*account_number\)?(::text)? ~>=~ \$\d+/, 'the account prefix, a range on the pattern index');
  assert.match(text, /Index Cond: .*meter_number\)?(::text)? ~>=~ \$\d+/, 'the meter prefix, a range on the pattern index');
  assert.not.match(text, /Seq Scan/, text);
}

test('the similar-names fallback is planned as it runs: nothing new is prepared for it', async () => {
  const before = await prepared();
  assert.equal((await search('johnsmith')).items[0]?.accountNumber, 'WU-10001', 'words run together: only similar');
  assert.equal((await prepared()).length, before.length, 'the first statement has the shape of "smith" (one word), and the fallback is not prepared');
});

/** The backend behind the generic-plan connection (one connection, so always the same while it lives). */
async function backendPid(): Promise<number> {
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(genericPlanDb);
  return rows[0].pid;
}

test('the connection stays open while idle, past pg\'s default of 10 s, so its prepared shapes stay', async () => {
  const pid = await backendPid();
  const shapes = (await prepared()).length;
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  assert.is(await backendPid(), pid, 'the same backend after 11 s idle');
  assert.is((await prepared()).length, shapes);
});

test('a connection the database ends while idle is replaced, and the process goes on', async () => {
  const pid = await backendPid();
  // From another connection, as a restart or an administrator would; unheard, the pool's 'error' event would crash this process.
  await sql`select pg_terminate_backend(${pid})`.execute(db(database.orm.em));
  await waitFor(async () => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where pid = ${pid}`.execute(db(database.orm.em));
    return rows[0].n === 0;
  }, 'the backend to end', 5_000);
  await new Promise((resolve) => setTimeout(resolve, 100)); // the ended connection's message reaches the pool
  assert.equal((await search('john smith')).items.map((hit) => hit.accountNumber), ['WU-10001', 'WU-10003'], 'searched on a new connection');
  assert.is.not(await backendPid(), pid);
});

test.run();
