/** The MikroORM setup of every process: entities, migrations, pool. */
import { MikroORM } from '@mikro-orm/postgresql';
import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { fileURLToPath } from 'node:url';
import * as entities from '../../domain/entities.js';
import { cisternTypeParsers } from './pg-types.js';

const migrationsPath = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The ORM configuration for a database URL; one place, used by the app, workers, scripts and tests. */
export function ormConfig(databaseUrl: string, options: { debug?: boolean; poolMax?: number } = {}) {
  return defineConfig({
    clientUrl: databaseUrl,
    entities: Object.values(entities),
    extensions: [Migrator],
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolMax ?? 10 },
    // Values come back as the entities' types (numbers, Dates), so typed queries need no conversion pass.
    driverOptions: { types: cisternTypeParsers() },
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

export async function openOrm(databaseUrl: string, options: { debug?: boolean; poolMax?: number } = {}) {
  return MikroORM.init(ormConfig(databaseUrl, options));
}

export type Orm = MikroORM;
