/** The launcher runs the seed on every start: a second run without --reset must leave the data as it is. */
import type pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.js';
import { seedDatabase } from './seed-database.js';
import { tableDigests } from './table-digest.js';

const options = { accounts: 40, seed: 42, months: 24, asOf: '2026-11-28' };
let db: TestDatabase;

const withClient = <T>(work: (client: pg.Client) => Promise<T>) => db.withClient(work);
const digests = () => withClient(tableDigests);
const query = (sql: string) => withClient(async (client) => (await client.query(sql)).rows);

test.before(async () => {
  db = await createTestDatabase('seed_rerun');
});
test.after(async () => db.drop());

test('seeding again without reset changes nothing and says why', async () => {
  const first = await seedDatabase({ ...options, databaseUrl: db.url });
  assert.ok(first.seeded);
  const before = await digests();
  const again = await seedDatabase({ ...options, databaseUrl: db.url, accounts: 10, seed: 7 });
  assert.is(again.seeded, false);
  assert.match(again.reason ?? '', /already holds accounts/);
  assert.equal(await digests(), before);
});

test('two seeders at once on an empty database: exactly one seeds', async () => {
  await query(`truncate account, meter, app_user, technician restart identity cascade`);
  const results = await Promise.all([
    seedDatabase({ ...options, databaseUrl: db.url }),
    seedDatabase({ ...options, databaseUrl: db.url }),
  ]);
  assert.is(results.filter((r) => r.seeded).length, 1);
  assert.equal(await query(`select count(*)::int as n from account`), [{ n: 40 }]);
  assert.equal(await query(`select count(*)::int as n from app_user`), [{ n: 4 }], 'three staff and the demo consumer');
});

test('reset replaces the data with the same rows again, and keeps the installation\'s deployment id', async () => {
  const before = await digests();
  const deployment = await query(`select id from deployment`);
  assert.is(deployment.length, 1);
  const result = await seedDatabase({ ...options, databaseUrl: db.url, reset: true });
  assert.ok(result.seeded);
  assert.is(result.counts.account, 40);
  assert.equal(await digests(), before);
  assert.equal(await query(`select id from deployment`), deployment);
});

test.run();
