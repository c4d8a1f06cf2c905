/** The MikroORM setup of every process: entities, migrations, pool. */
import { MikroORM } from '@mikro-orm/postgresql';
import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import * as entities from '../../domain/entities.js';
import { cisternTypeParsers } from './pg-types.js';
import { NamedStatementClient } from './named-statement-client.js';

const migrationsPath = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface OrmOptions {
  debug?: boolean;
  poolMax?: number;
}

/**
 * Every connection of every process plans for short indexed queries: no JIT compiling, no parallel workers.
 * Cistern's statements read a few rows per account through indexes, even in bulk (a chunk of the nightly run,
 * a batch of the bill import); compiling one costs more than running it, and PostgreSQL compiles whenever its
 * estimate passes `jit_above_cost`, which an array parameter's rough row count easily does. Measured at
 * 1,000,000 accounts: the bill import's last-bill dates of 5,000 accounts spent 813 of their 1,160 ms compiling
 * (BENCHMARKS.md, "The compiler the bulk statements did not need"). Set once per connection, so no request or
 * batch sends settings of its own.
 */
export const SHORT_QUERY_SETTINGS = '-c jit=off -c max_parallel_workers_per_gather=0';

/** The ORM configuration for a database URL; one place, used by the app, workers, scripts and tests. */
export function ormConfig(databaseUrl: string, options: OrmOptions = {}) {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: Object.values(entities),
    extensions: [Migrator],
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    // Values come back as the entities' types (numbers, Dates), so typed queries need no conversion pass;
    // statements compiled once go as named statements (infra/database/named-statement-client.ts).
    driverOptions: { types: cisternTypeParsers(), Client: NamedStatementClient, options: SHORT_QUERY_SETTINGS },
    // Money and counters are bigint; timestamps are stored as timestamptz.
    forceUtcTimezone: true,
    migrations: {
      path: migrationsPath,
      pathTs: migrationsPath,
      glob: '!(*.d).{js,ts}',
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      snapshotName: '.snapshot-cistern',
      // The snapshot follows the entities (migration:create), not whichever database ran migrations last.
      snapshotOnMigrate: false,
      silent: true,
    },
  });
}

export async function openOrm(databaseUrl: string, options: OrmOptions = {}) {
  return MikroORM.init(ormConfig(databaseUrl, options));
}

export type Orm = MikroORM;
