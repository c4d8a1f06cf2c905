// One typed row insert for test set-up, whatever the entity says about its id: the serial
// `id` and the `version` counter are left to the database's defaults.
import type { InsertObject } from 'kysely';
import type { Database, Db } from '../../domain/common/database.js';

/** The tables with a numeric `id` key, the ones `insertRow` can answer for. */
type TableWithId = { [T in keyof Database]: Database[T] extends { id: unknown } ? T : never }[keyof Database];

/**
 * A row to insert, typed by the table's entity (values or expressions such as sql`now()`).
 * The inferred types require `id` and `version` unless the entity marks them generated, so
 * they are optional here: the columns have database defaults.
 */
export type NewRow<T extends TableWithId> = Omit<InsertObject<Database, T>, 'id' | 'version'> & { version?: number };

/** `values` for `insertInto(table)`, typed by the entity but with `id` and `version` left to the database. */
export function newRow<T extends TableWithId>(_table: T, values: NewRow<T>): InsertObject<Database, T> {
  return values as InsertObject<Database, T>;
}

/** Inserts one row and returns its id. */
export async function insertRow<T extends TableWithId>(db: Db, table: T, values: NewRow<T>): Promise<number> {
  // Kysely cannot follow a table name that is a type parameter: the signature types every call instead.
  const row = await db.insertInto(table as 'account').values(newRow(table, values) as InsertObject<Database, 'account'>).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}
