/** The bench runner's account count read off a real database (scripts/bench/bench-size.ts): the dashboard's counters, exact. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { seededAccounts } from './bench-size.js';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.js';
import { insertMinimalAccount } from '../../tests/support/minimal-account.js';

let database: TestDatabase;
test.before(async () => { database = await createTestDatabase('bench-size'); });
test.after(async () => { await database.drop(); });

test('an empty database holds no accounts; each account added counts once', async () => {
  assert.is(await seededAccounts(database.url), 0);
  for (let i = 0; i < 3; i++) await insertMinimalAccount(database.orm);
  assert.is(await seededAccounts(database.url), 3);
});

test('the client is closed after the count: the server sees no connection left open by it', async () => {
  const open = () => database.withClient(async (client) => Number((await client.query(
    "select count(*) as n from pg_stat_activity where datname = current_database() and backend_type = 'client backend'")).rows[0].n));
  const before = await open();
  for (let i = 0; i < 5; i++) await seededAccounts(database.url);
  assert.is(await open(), before);
});

test.run();
