/** `npm run migrate` (up), `npm run migrate:down` (one step down), `npm run migration:create` (diff entities → new file). */
import { config } from '../infra/config.js';
import { createDatabaseIfMissing } from '../infra/database/database-admin.js';
import { openOrm } from '../infra/database/orm.js';

const command = process.argv[2] ?? 'up';
const databaseUrl = config().DATABASE_URL;
await createDatabaseIfMissing(databaseUrl);
const orm = await openOrm(databaseUrl);
try {
  const migrator = orm.migrator;
  if (command === 'up') {
    const done = await migrator.up();
    process.stdout.write(done.length ? `Applied ${done.map((m) => m.name).join(', ')}\n` : 'Database is up to date.\n');
  } else if (command === 'down') {
    const done = await migrator.down();
    process.stdout.write(done.length ? `Reverted ${done.map((m) => m.name).join(', ')}\n` : 'Nothing to revert.\n');
  } else if (command === 'create') {
    const initial = process.argv.includes('--initial');
    const result = initial ? await migrator.createInitial() : await migrator.create();
    process.stdout.write(result.fileName ? `Created ${result.fileName}\n` : 'No schema changes.\n');
  } else {
    throw new Error(`Unknown command "${command}": use up, down or create`);
  }
} finally {
  await orm.close();
}
