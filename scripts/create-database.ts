import { config } from '../domain/config.js';
import { createDatabaseIfMissing } from '../domain/database-admin.js';

const created = await createDatabaseIfMissing(config().DATABASE_URL);
process.stdout.write(created ? 'Database created.\n' : 'Database exists.\n');
