/**
 * Queries compiled once and run with new values: right rows for each value, inside the caller's transaction,
 * and kept prepared by PostgreSQL with a generic plan (named, their constants written into the text).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db as query, type Db } from '../domain/common/database.js';
import { inlineConstants, preparedQuery, statementNameOf } from '../domain/common/prepared-query.js';
import { loadAccountProfile } from '../domain/accounts/account-profile.js';
import { findAccount } from '../domain/accounts/account-record.js';
import { timelineOf } from '../domain/timeline/timeline.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { recordPayment } from '../domain/billing/payments.js';
import { openOrm } from '../infra/database/orm.js';
import { planReading } from '../domain/readings/readings.js';

let db: TestDatabase;

test.before(async () => {
  db = await createTestDatabase('prepared_query');
  await insertAccountFixture(db.orm, { accountNumber: 'WU-30001', months: 0, records: false });
  await insertAccountFixture(db.orm, { accountNumber: 'WU-30002', months: 0, records: false });
});
test.after(async () => db.drop());

const byNumber = preparedQuery(2, (q: Db, accountNumber: string, limit: number) => q.selectFrom('account')
  .select(['account_number', 'status']).where('account_number', '=', accountNumber).where('status', '<>', sql.lit('collection')).limit(limit));

test('each run binds its own values into the one compiled statement', async () => {
  const em = db.orm.em.fork();
  assert.equal((await byNumber(em, 'WU-30001', 5)).map((r) => r.account_number), ['WU-30001']);
  assert.equal((await byNumber(em, 'WU-30002', 5)).map((r) => r.account_number), ['WU-30002']);
  assert.equal(await byNumber(em, 'WU-30002', 0), []);
  assert.equal(await byNumber(em, 'WU-99999', 5), []);
});

test('it runs in the entity manager’s transaction and sees its uncommitted writes', async () => {
  await db.orm.em.fork().transactional(async (tx) => {
    await query(tx).updateTable('account').set({ status: 'inactive' }).where('account_number', '=', 'WU-30001').execute();
    assert.equal((await byNumber(tx, 'WU-30001', 1)).map((r) => r.status), ['inactive']);
    assert.equal((await byNumber(db.orm.em.fork(), 'WU-30001', 1)).map((r) => r.status), ['active']);
  });
});

// A constant between the two arguments: the arguments are renumbered $1, $2 once the constant is in the text.
const activeByNumber = preparedQuery(2, (q: Db, accountNumber: string, limit: number) => q.selectFrom('account')
  .select(['account_number', 'status']).where('status', '=', 'active').where('account_number', '=', accountNumber).limit(limit));

test('constants are written into the text; only the arguments stay parameters', async () => {
  const em = db.orm.em.fork();
  assert.equal((await activeByNumber(em, 'WU-30002', 1)).map((r) => r.account_number), ['WU-30002']);
  assert.equal(await activeByNumber(em, 'WU-30002', 0), []);
  const inlined = inlineConstants({ sql: 'select $1, $2, $3, $4 where x = $5', parameters: ["it's", true, -3, 1.5, 7], query: {} as never, queryId: {} as never });
  assert.is(inlined.sql, "select 'it''s', true, (-3), $1 where x = 7");
  assert.equal(inlined.parameters, [1.5]);
  const unexpected = { sql: "select '$1', $1", parameters: ['a'], query: {} as never, queryId: {} as never };
  assert.is(inlineConstants(unexpected), unexpected, 'placeholders other than $1…$n in order: left as compiled');
});

test('a statement’s name is read from its text; other statements have none', () => {
  assert.is(statementNameOf('/*named:12*/ select 1'), 'cistern_12');
  assert.is(statementNameOf('select 1 /*named:12*/'), undefined);
  assert.is(statementNameOf('select 1'), undefined);
});

test('PostgreSQL keeps the profile’s statement prepared and runs it on a generic plan, not planned again each time', async () => {
  await db.orm.em.fork().transactional(async (tx) => { // one connection throughout
    for (let i = 0; i < 8; i++) await loadAccountProfile(tx, 'WU-30001', TEST_TIME_ZONE);
    const { rows } = await sql<{ statement: string; parameters: number; generic_plans: number; custom_plans: number }>`
      select statement, cardinality(parameter_types) as parameters, generic_plans::int, custom_plans::int
        from pg_prepared_statements where statement like '/*named:%'`.execute(query(tx));
    const profile = rows.find((r) => r.statement.includes('json_build_object'));
    assert.ok(profile, `the profile statement is prepared on the connection: ${JSON.stringify(rows.map((r) => r.statement.slice(0, 60)))}`);
    // Its constants are in the text: what is bound is the account number and the windows' first day (three times).
    assert.ok(profile.statement.includes("'processed'"), 'the payment status is written into the text');
    assert.is(profile.parameters, 4);
    assert.ok(profile.generic_plans >= 3, `generic plans ${profile.generic_plans}, custom plans ${profile.custom_plans}`);
  });
});

test('the unfiltered timeline is one named statement on a generic plan; a filtered page is planned each time', async () => {
  await db.orm.em.fork().transactional(async (tx) => {
    const account = await findAccount(tx, 'WU-30001');
    for (let i = 0; i < 8; i++) await timelineOf(tx, account, { kinds: [], pageSize: 25 }, TEST_TIME_ZONE);
    await timelineOf(tx, account, { kinds: ['payment', 'note'], pageSize: 25 }, TEST_TIME_ZONE); // a union of two branches
    await timelineOf(tx, account, { kinds: [], fromDay: '2020-01-01', pageSize: 25 }, TEST_TIME_ZONE);
    const { rows } = await sql<{ statement: string; generic_plans: number }>`
      select statement, generic_plans::int from pg_prepared_statements where statement like '/*named:%' and statement like '%union all%'`.execute(query(tx));
    assert.is(rows.length, 1, 'one timeline statement is kept: the unfiltered one');
    assert.ok(rows[0].statement.includes(`'${TEST_TIME_ZONE}'`), 'the time zone is written into the text');
    assert.ok(rows[0].generic_plans >= 3, `generic plans ${rows[0].generic_plans}`);
  });
});

test('a payment’s snapshot and its writes are kept prepared, each write shape once, and run on generic plans', async () => {
  await insertAccountFixture(db.orm, { accountNumber: 'WU-30003' }); // a year of bills, so payments are allocated
  // One connection, outside a transaction: the way the API records a payment (the unlocked path).
  const orm = await openOrm(db.url, { poolMax: 1 });
  try {
    const actor = { userId: null, name: 'prepared test' };
    for (let i = 0; i < 8; i++) {
      await recordPayment(orm.em.fork(), 'WU-30003', { paidAt: new Date(), reference: `PREP-${i}`, amountCents: 700 + i, method: 'cash', status: 'processed' }, actor, TEST_TIME_ZONE);
    }
    const { rows } = await sql<{ statement: string; generic_plans: number; custom_plans: number }>`
      select statement, generic_plans::int, custom_plans::int from pg_prepared_statements where statement like '/*named:%'`.execute(query(orm.em.fork()));
    const snapshot = rows.filter((r) => r.statement.includes("nextval('payment_id_seq')"));
    const writes = rows.filter((r) => r.statement.includes('with "new_payment" as'));
    assert.is(snapshot.length, 1, 'one snapshot statement');
    assert.ok(snapshot[0].generic_plans >= 3, `snapshot: generic plans ${snapshot[0].generic_plans}, custom ${snapshot[0].custom_plans}`);
    assert.ok(writes.length >= 1 && writes.length <= 2, `one statement per shape (with and without allocations): ${writes.length}`);
    const runs = writes.reduce((sum, r) => sum + r.generic_plans + r.custom_plans, 0);
    assert.is(runs, 8, 'every payment ran a kept statement');
    assert.ok(writes.some((r) => r.generic_plans >= 3), `writes: ${JSON.stringify(writes.map((r) => [r.generic_plans, r.custom_plans]))}`);
  } finally {
    await orm.close();
  }
});

test('a reading’s meter and history are read by a kept statement on a generic plan', async () => {
  const account = await insertAccountFixture(db.orm, { accountNumber: 'WU-30004' });
  await db.orm.em.fork().transactional(async (tx) => {
    for (let i = 0; i < 8; i++) {
      const plan = await planReading(tx, { meterNumber: account.meterNumber, readAt: '2026-11-30', value: 100_000 + i, source: 'manual', createdBy: null });
      assert.is(plan.accountNumber, 'WU-30004');
    }
    const { rows } = await sql<{ generic_plans: number; custom_plans: number }>`
      select generic_plans::int, custom_plans::int from pg_prepared_statements
        where statement like '/*named:%' and statement like '%nextval(''reading_id_seq'')%'`.execute(query(tx));
    assert.is(rows.length, 1, 'the meter statement is prepared on the connection');
    assert.ok(rows[0].generic_plans >= 3, `generic plans ${rows[0].generic_plans}, custom plans ${rows[0].custom_plans}`);
  });
});

test.run();
