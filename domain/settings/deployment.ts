/**
 * This installation's deployment id (docs/architecture.md#one-namespace-one-deployment): made once by the
 * migration that created the `deployment` table, so each database names its own installation.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';

export async function deploymentIdOf(em: EntityManager): Promise<string> {
  const row = await db(em).selectFrom('deployment').select('id').orderBy('created_at').limit(1).executeTakeFirst();
  if (!row) throw new Error('This database has no deployment id: run the migrations (npm run migrate).');
  return row.id;
}
