/** `npm run db:create`: creates the configured database when it is missing. */
import { config } from '../infra/config.js';
import { createDatabaseIfMissing } from '../infra/database/database-admin.js';

const created = await createDatabaseIfMissing(config().DATABASE_URL);
process.stdout.write(created ? 'Database created.\n' : 'Database exists.\n');
