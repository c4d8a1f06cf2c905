// A fresh, migrated database of its own for each test file (and the URL such a database gets).
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type pg from 'pg';
import { db } from '../../domain/common/database.js';
import { dropDatabase, withPlainClient } from '../../infra/database/database-admin.js';
import { migrateDatabase } from '../../infra/database/migrate.js';
import { openOrm, type Orm } from '../../infra/database/orm.js';

/**
 * A fresh, migrated database of its own for one test file, so test files can run in
 * any order and in parallel. The server is the one in TEST_DATABASE_SERVER
 * (default: the local PostgreSQL); the database is dropped by `drop()`.
 */
export interface TestDatabase {
  url: string;
  orm: Orm;
  /** Runs `work` with a plain `pg` client of its own, closed after it: for code that speaks pg directly (the seed). */
  withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export function testDatabaseUrl(label: string): string {
  const server = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
  const safe = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  return `${server}/cistern_test_${safe}_${randomBytes(4).toString('hex')}`;
}

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const url = testDatabaseUrl(label);
  await migrateDatabase(url);
  const orm = await openOrm(url, { poolMax: 4 });
  // Test files share the run's Temporal server, where a workflow id is `service-order-<number>`:
  // each database numbers its orders from a random point so ids never collide across files.
  const start = 100_000 + Math.floor(Math.random() * 89_000_000);
  await db(orm.em).selectNoFrom((eb) => eb.fn('setval', [sql.lit('service_order_number_seq'), eb.val(start)]).as('value')).execute();
  return {
    url,
    orm,
    withClient: (work) => withPlainClient(url, work),
    async drop() {
      await orm.close();
      await dropDatabase(url);
    },
  };
}
