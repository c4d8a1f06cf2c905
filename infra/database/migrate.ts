/** Creates the database if needed and applies every pending migration. */
import { createDatabaseIfMissing } from './database-admin.js';
import { openOrm } from './orm.js';

export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  await createDatabaseIfMissing(databaseUrl);
  const orm = await openOrm(databaseUrl, { poolMax: 2 });
  try {
    const done = await orm.migrator.up();
    return done.map((m) => m.name);
  } finally {
    await orm.close();
  }
}
