/** The backup drill (scripts/backup-restore-drill.sh) on a database with accounts, bills and payments: dump, restore, identical. */
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture } from './support/account-fixture.js';

let db: TestDatabase;

test.before(async () => {
  db = await createTestDatabase('backup_drill');
  await insertAccountFixture(db.orm, { accountNumber: 'WU-40001', months: 6 });
  await insertAccountFixture(db.orm, { accountNumber: 'WU-40002', months: 12, baseUsage: 7000 });
});
test.after(async () => db.drop());

const drill = (url: string) => spawnSync('bash', ['scripts/backup-restore-drill.sh', url], { encoding: 'utf8', timeout: 300_000 });

test('a dump restores into a scratch database with the same rows and the same money', () => {
  const run = drill(db.url);
  assert.is(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /drill passed: \d+ tables, row counts and balances identical/);
  assert.match(run.stdout, /balance_cents_sum -?\d+/);
});

test('a database that cannot be dumped fails the drill', () => {
  const run = drill(db.url.replace(/\/[^/]+$/, '/cistern_no_such_database'));
  assert.is.not(run.status, 0);
});

test.run();
