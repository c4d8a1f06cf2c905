/** Queries compiled once and run with new values: right rows for each value, and inside the caller's transaction. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db as query, type Db } from '../domain/common/database.js';
import { preparedQuery } from '../domain/common/prepared-query.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture } from './support/account-fixture.js';

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

test.run();
