/**
 * Calls of a coalesced query made at the same moment share one statement (domain/common/coalesced-query.ts):
 * each call answered with its own rows, a refused call failing alone, a transaction's call running in it,
 * and PostgreSQL keeping one generic plan for the grouped statement whatever the group's size.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { coalescedQuery } from '../domain/common/coalesced-query.js';
import { db as query, type Db } from '../domain/common/database.js';
import { findApiToken, issueApiToken } from '../domain/auth/sign-in.js';
import { loadAccountProfile } from '../domain/accounts/account-profile.js';
import { User } from '../domain/auth/user.entity.js';
import { openOrm } from '../infra/database/orm.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { createUser } from './support/app-server.js';
import { countStatements } from './support/statement-count.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

let db: TestDatabase;

test.before(async () => {
  db = await createTestDatabase('coalesced_query');
  for (const n of [1, 2, 3]) await insertAccountFixture(db.orm, { accountNumber: `WU-4000${n}`, months: 0, records: false });
});
test.after(async () => db.drop());

const accountByNumber = coalescedQuery(['text'], (q: Db, accountNumber: string) => q.selectFrom('account')
  .select(['account_number', 'status']).where('account_number', '=', accountNumber));

const customerBy = coalescedQuery(['text', 'date'], (q: Db, accountNumber: string, day: string) => q.selectFrom('account')
  .select(['account_number']).where('account_number', '=', accountNumber).where('customer_since', '<=', sql<string>`${day}::date`));

const accountCount = coalescedQuery([], (q: Db) => q.selectFrom('account').select(sql<number>`count(*)::int`.as('n')));

test('calls made at the same moment run as one statement, each answered with its own row', async () => {
  const numbers = ['WU-40002', 'WU-99999', 'WU-40001', 'WU-40003', 'WU-40001'];
  let answers: Array<Array<{ account_number: string }>> = [];
  const { count, statements } = await countStatements(async () => {
    answers = await Promise.all(numbers.map((n) => accountByNumber(db.orm.em.fork(), n)));
  });
  assert.is(count, 1, statements.join('\n'));
  assert.equal(answers.map((rows) => rows.map((r) => r.account_number)), [['WU-40002'], [], ['WU-40001'], ['WU-40003'], ['WU-40001']]);
  assert.equal(Object.keys(answers[0][0]).sort(), ['account_number', 'status'], 'the group’s own column is not in the rows');
});

test('a call whose argument the database refuses fails alone; the others of its group are answered', async () => {
  const calls = [customerBy(db.orm.em.fork(), 'WU-40001', '2100-01-01'), customerBy(db.orm.em.fork(), 'WU-40002', 'not a day'), customerBy(db.orm.em.fork(), 'WU-40003', '1900-01-01')];
  const [first, refused, last] = await Promise.allSettled(calls);
  assert.equal(first.status === 'fulfilled' && first.value.map((r) => r.account_number), ['WU-40001']);
  assert.is(refused.status, 'rejected');
  assert.match(String((refused as PromiseRejectedResult).reason), /date/);
  assert.equal(last.status === 'fulfilled' && last.value, [], 'a customer since long after 1900 is not one on that day');
});

test('inside a transaction a call runs alone, in the transaction, and sees its writes', async () => {
  await db.orm.em.fork().transactional(async (tx) => {
    await query(tx).updateTable('account').set({ status: 'inactive' }).where('account_number', '=', 'WU-40003').execute();
    const [inside, outside] = await Promise.all([accountByNumber(tx, 'WU-40003'), accountByNumber(db.orm.em.fork(), 'WU-40003')]);
    assert.equal(inside.map((r) => r.status), ['inactive']);
    assert.equal(outside.map((r) => r.status), ['active']);
  });
  await query(db.orm.em.fork()).updateTable('account').set({ status: 'active' }).where('account_number', '=', 'WU-40003').execute();
});

test('a query without arguments shares one run among the calls of the moment', async () => {
  let answers: Array<Array<{ n: number }>> = [];
  const { count } = await countStatements(async () => {
    answers = await Promise.all(Array.from({ length: 5 }, () => accountCount(db.orm.em.fork())));
  });
  assert.is(count, 1);
  assert.equal(answers, Array.from({ length: 5 }, () => [{ n: 3 }]));
});

test('API tokens looked up at the same moment: each caller is answered with its own user', async () => {
  const em = db.orm.em.fork();
  const tokens: string[] = [];
  for (const name of ['first', 'second', 'third']) {
    await createUser(db, 'agent', `${name}@example.com`);
    tokens.push((await issueApiToken(em, await em.findOneOrFail(User, { email: `${name}@example.com` }), 1)).token);
  }
  for (const token of tokens) await findApiToken(em, token); // first use recorded: the lookups below write nothing
  const order = [2, 0, 1, 2, 0];
  let callers: Array<Awaited<ReturnType<typeof findApiToken>>> = [];
  const { count } = await countStatements(async () => {
    callers = await Promise.all([...order.map((i) => findApiToken(db.orm.em.fork(), tokens[i])), findApiToken(db.orm.em.fork(), 'not-a-token')]);
  });
  assert.is(count, 1);
  assert.equal(callers.map((caller) => caller?.user.email ?? null), [...order.map((i) => `${['first', 'second', 'third'][i]}@example.com`), null]);
});

test('PostgreSQL keeps one generic plan for the grouped profile statement, for groups of one as of several', async () => {
  const orm = await openOrm(db.url, { poolMax: 1 }); // one connection: its prepared statements can be read back
  try {
    for (let i = 0; i < 8; i++) await loadAccountProfile(orm.em.fork(), 'WU-40001', TEST_TIME_ZONE);
    await Promise.all(['WU-40001', 'WU-40002', 'WU-40003'].map((n) => loadAccountProfile(orm.em.fork(), n, TEST_TIME_ZONE)));
    const { rows } = await sql<{ generic_plans: number; custom_plans: number }>`select generic_plans::int, custom_plans::int
      from pg_prepared_statements where statement like '%coalesced_call%' and statement like '%json_build_object%'`.execute(query(orm.em.fork()));
    assert.is(rows.length, 1);
    // Planned for each run, the profile's statement cost ~1 ms of planning at 1,000,000 accounts, twice what running it did.
    assert.ok(rows[0].generic_plans >= 4, `generic plans ${rows[0].generic_plans}, custom plans ${rows[0].custom_plans}`);
  } finally {
    await orm.close();
  }
});

test.run();
