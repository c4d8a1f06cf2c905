/**
 * `npm run seed -- --database-url URL` on a database that does not exist yet: the command creates and
 * migrates it, then seeds it (before, it stopped with PostgreSQL's "database does not exist" and a stack).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { dropDatabase } from '../infra/database/database-admin.js';
import { testDatabaseUrl } from './support/database.js';

const url = testDatabaseUrl('seed_command');

test.after(async () => dropDatabase(url));

test('seeding a new database creates and migrates it first, then loads the accounts', async () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--accounts', '5', '--database-url', url],
    { env: { ...process.env, NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 });
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /seed: applied \d+ migrations first/);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from account');
    assert.is(rows[0].n, 5);
  } finally {
    await client.end();
  }
});

test.run();
