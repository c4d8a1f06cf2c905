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
  /**
   * For the API: every connection plans for short indexed queries (no JIT compiling, no parallel
   * workers), which cost more than such a query takes, and which a rough estimate could otherwise
   * trigger. Set once per connection, so no request sends settings of its own (issue 12: round trips).
   */
  shortQueries?: boolean;
}

/** Connection settings of the API's connections (see `shortQueries`). */
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
    driverOptions: { types: cisternTypeParsers(), Client: NamedStatementClient, ...(options.shortQueries ? { options: SHORT_QUERY_SETTINGS } : {}) },
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
