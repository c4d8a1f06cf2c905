/**
 * Several writes sent as one statement: each one a data-modifying common table expression
 * (`with a as (insert …), b as (update …) select …`). PostgreSQL runs a statement whole or not
 * at all, so writes whose values are all known up front commit together without a transaction,
 * and a request saves the BEGIN and COMMIT round trips and one round trip per write.
 *
 * A later write may read an earlier one's `returning` rows by its name (the outbox message of a
 * notification that was new); every write runs, whether or not anything reads its rows.
 */
import { sql, type OperationNodeSource, type RawBuilder } from 'kysely';

/** A write and the name later writes and the final select know it by. */
export type NamedWrite = readonly [name: string, write: OperationNodeSource];

/** The writes as one statement ending in `result` (a select that may read the writes' rows by name). */
export function writesTogether<Row>(writes: readonly NamedWrite[], result: RawBuilder<unknown>): RawBuilder<Row> {
  if (!writes.length) throw new Error('writesTogether needs at least one write');
  const expressions = writes.map(([name, write]) => sql`${sql.id(name)} as (${write})`);
  return sql<Row>`with ${sql.join(expressions)} ${result}`;
}
