/**
 * The one typed way to the database for set-based reads and bulk writes: MikroORM's
 * Kysely, with row types inferred from the entities (never written by hand), bound to
 * the entity manager's current transaction.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferKyselyDB } from '@mikro-orm/sql';
import type { Kysely, Selectable } from 'kysely';
import type * as entities from '../entities.js';

type AnyEntity = (typeof entities)[keyof typeof entities];

/** Every table of the schema, by its table name, with its columns' types. */
export type Database = InferKyselyDB<AnyEntity>;

/** A Kysely query builder over the schema. */
export type Db = Kysely<Database>;

/**
 * The query builder of this entity manager: inside `em.transactional` it runs in that
 * transaction. MikroORM converts each selected column to its entity type (bigint money to
 * numbers, timestamps to Dates), aliased tables included, except the RETURNING of an
 * UPDATE or INSERT on an aliased table: those come back as the driver sends them, so a
 * write that returns money or times names its table without an alias.
 */
export function db(em: EntityManager): Db {
  return em.getKysely<Database>({ convertValues: true });
}

/**
 * A column as the pg driver returns it when MikroORM does not convert it: dates and
 * timestamps as text, bigints and numerics as text (plain integers as numbers).
 */
export type DriverValue<T> = T extends Date ? string : T extends number ? number | string : T;

/** Every table with its columns as the driver returns them (for reads: insert types are not kept). */
export type DriverDatabase = { [T in keyof Database]: { [C in keyof Selectable<Database[T]>]: DriverValue<Selectable<Database[T]>[C]> } };

/**
 * `db(em)` without MikroORM's per-value conversion, for reads of many thousand rows where
 * that conversion costs more than the query: the caller converts the columns it needs
 * (`asDate`, `asInt` from sql-values.ts). Same transaction binding as `db(em)`.
 */
export function driverDb(em: EntityManager): Kysely<DriverDatabase> {
  return em.getKysely<DriverDatabase>();
}
