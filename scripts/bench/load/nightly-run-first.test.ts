/** The load bench's nightly run on a fresh seed (scripts/bench/load/nightly-run-first.ts): once, and only when no run has written the accounts. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../../../domain/common/database.js';
import { nightlyRunFirst } from './nightly-run-first.js';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/database.js';
import { insertMinimalAccount } from '../../../tests/support/minimal-account.js';

let database: TestDatabase;
test.before(async () => { database = await createTestDatabase('nightly_run_first'); });
test.after(async () => { await database.drop(); });

const withMetrics = async () => (await db(database.orm.em.fork()).selectFrom('account').select(['health_score'])
  .where('metrics_computed_at', 'is not', null).execute()).length;

test('accounts no nightly run has written: one run first, saying so; then never again', async () => {
  for (let i = 0; i < 3; i++) await insertMinimalAccount(database.orm);
  const lines: string[] = [];
  const note = await nightlyRunFirst(database.url, (line) => lines.push(line));
  assert.match(note ?? '', /ran one first \(3 accounts written/);
  assert.is(await withMetrics(), 3, 'every account has its metrics');
  assert.is(lines.length, 2);
  assert.is(await nightlyRunFirst(database.url, (line) => lines.push(line)), null, 'a database a run has written: nothing to do');
  assert.is(lines.length, 2);
});

test.run();
