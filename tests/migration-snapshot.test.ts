/**
 * The migration snapshot (migrations/.snapshot-cistern.json) follows the entities. `npm run
 * migration:create` diffs the entities against it, offline: a snapshot left behind makes the next
 * migration re-create tables that exist and drop indexes the entities never declared (the search's
 * trigram indexes among them). Written by `migration:create`, never by hand.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../infra/database/orm.js';
import { PROJECT_ROOT } from '../scripts/lib/project-paths.js';
import { testDatabaseUrl } from './support/database.js';

const SNAPSHOT = path.join(PROJECT_ROOT, 'migrations', '.snapshot-cistern.json');

/** Whether the entities differ from the snapshot at `snapshotPath` (a migration would be generated). The database is never asked. */
async function migrationNeeded(snapshotPath: string): Promise<boolean> {
  const config = ormConfig(testDatabaseUrl('snapshot'), { poolMax: 1 });
  const folder = path.dirname(snapshotPath);
  const orm = await MikroORM.init({ ...config, migrations: { ...config.migrations, path: folder, pathTs: folder } });
  try {
    return await orm.migrator.checkSchema();
  } finally {
    await orm.close();
  }
}

test('the committed snapshot matches the entities: migration:create finds no schema changes', async () => {
  assert.not.ok(await migrationNeeded(SNAPSHOT),
    'the entities changed without their migration snapshot: write the migration with `npm run migration:create`, which updates the snapshot too');
});

test('a snapshot missing a table the entities declare is caught', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'cistern-snapshot-'));
  const copy = path.join(folder, '.snapshot-cistern.json');
  copyFileSync(SNAPSHOT, copy);
  const schema = JSON.parse(readFileSync(copy, 'utf8')) as { tables: { name: string }[] };
  schema.tables = schema.tables.filter((table) => table.name !== 'consumption_bar');
  writeFileSync(copy, JSON.stringify(schema, null, 2));
  try {
    assert.ok(await migrationNeeded(copy));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test.run();
