/**
 * The jobs worker's start-up check of the server's autovacuum (infra/database/autovacuum-check.ts):
 * it reports the setting as the server has it and warns exactly when it is off. Autovacuum is a
 * server-wide setting a test cannot change, so the test reads it and expects the warning to match.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { checkAutovacuum } from '../infra/database/autovacuum-check.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
test.before(async () => { database = await createTestDatabase('autovacuum_check'); });
test.after(async () => database.drop());

test('warns when, and only when, the server runs without autovacuum', async () => {
  const warnings: Array<{ fields: object; message: string }> = [];
  const log = { warn: (fields: object, message: string) => { warnings.push({ fields, message }); } };
  const { rows } = await sql<{ autovacuum: string }>`show autovacuum`.execute(db(database.orm.em.fork()));
  const serverHasIt = rows[0].autovacuum === 'on';
  assert.is(await checkAutovacuum(database.orm, log as never), serverHasIt);
  if (serverHasIt) assert.equal(warnings, []);
  else {
    assert.is(warnings.length, 1);
    assert.equal(warnings[0].fields, { autovacuum: 'off' });
    assert.match(warnings[0].message, /autovacuum off/);
    assert.match(warnings[0].message, /docs\/operations\.md#postgresql-upkeep/);
  }
});

test.run();
