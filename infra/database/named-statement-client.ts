/**
 * The `pg` client of every pool: a statement whose text carries a name (domain/common/prepared-query.ts)
 * is sent as a named statement, so each connection parses and plans it once and PostgreSQL keeps its
 * plan; every other statement goes as `pg` sends it. Kysely hands the client only text and values,
 * which is why the name travels in the text.
 *
 * Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or later with `max_prepared_statements`
 * set (docs/operations.md).
 */
import pg from 'pg';
import { statementNameOf } from '../../domain/common/prepared-query.js';

export class NamedStatementClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query has a dozen overloads; this passes each through unchanged.
  override query(...args: any[]): any {
    const [text, values, callback] = args;
    const name = typeof text === 'string' ? statementNameOf(text) : undefined;
    if (name === undefined) return super.query(...(args as Parameters<pg.Client['query']>));
    const config = { name, text, values: Array.isArray(values) ? values : [] };
    return typeof callback === 'function' ? super.query(config, callback) : super.query(config);
  }
}
