/**
 * The one typed way to the database for set-based reads and bulk writes: MikroORM's
 * Kysely, with row types inferred from the entities (never written by hand), bound to
 * the entity manager's current transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferKyselyDB } from '@mikro-orm/sql';
import type { Kysely } from 'kysely';
import type * as entities from '../entities.js';

type AnyEntity = (typeof entities)[keyof typeof entities];

/** Every table of the schema, by its table name, with its columns' types. */
export type Database = InferKyselyDB<AnyEntity>;

/** A Kysely query builder over the schema. */
export type Db = Kysely<Database>;

/**
 * The query builder of this entity manager: inside `em.transactional` it runs in that
 * transaction. Values come back as the inferred types say (bigint money as numbers,
 * timestamps as Dates, `date` columns as 'YYYY-MM-DD'): the driver reads them so
 * (infra/database/pg-types.ts), with no conversion pass per query.
 */
export function db(em: EntityManager): Db {
  return em.getKysely<Database>();
}
