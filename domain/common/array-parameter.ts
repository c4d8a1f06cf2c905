/**
 * One column of many rows as a single statement parameter, for `unnest($1::int[], $2::text[], …)`: a
 * set-based write sends one array per column instead of one parameter per value, so the statement's text
 * and its parsing stay the same size whatever the number of rows.
 */
import { sql, type RawBuilder } from 'kysely';

/** `rows.map(pick)` as one parameter (cast it in the SQL: `${arrayOf(rows, (r) => r.id)}::int[]`). */
export function arrayOf<Row, Value>(rows: readonly Row[], pick: (row: Row) => Value): RawBuilder<Value[]> {
  return sql.val(rows.map(pick));
}
