// One typed row insert for test set-up that answers the new row's id; the serial `id` and
// the `version` counter are left to the database's defaults.
import type { InsertObject } from 'kysely';
import type { Database, Db } from '../../domain/common/database.js';

/** The tables with a numeric `id` key, the ones `insertRow` can answer for. */
type TableWithId = { [T in keyof Database]: Database[T] extends { id: unknown } ? T : never }[keyof Database];

/**
 * A row to insert, typed by the table's entity (values or expressions such as sql`now()`).
 * The inferred types require `version` where the entity has one (`id` is autoincrement, so
 * optional already); it is optional here: the column has a database default.
 */
export type NewRow<T extends TableWithId> = Omit<InsertObject<Database, T>, 'version'> & { version?: number };

/** `values` for `insertInto(table)`, typed by the entity but with `version` left to the database. */
export function newRow<T extends TableWithId>(_table: T, values: NewRow<T>): InsertObject<Database, T> {
  return values as InsertObject<Database, T>;
}

/** Inserts one row and returns its id. */
export async function insertRow<T extends TableWithId>(db: Db, table: T, values: NewRow<T>): Promise<number> {
  // Kysely cannot follow a table name that is a type parameter: the signature types every call instead.
  const row = await db.insertInto(table as 'account').values(newRow(table, values) as InsertObject<Database, 'account'>).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}
