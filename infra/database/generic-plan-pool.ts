/**
 * A few connections of their own for statements that PostgreSQL should plan once per shape and then only
 * run: the account search's name and e-mail statements (domain/accounts/search/account-search.ts).
 *
 * Planning such a statement (a dozen sub-selects over the name indexes) cost about as much PostgreSQL CPU as
 * running it. Sent with a name, a statement is planned once per connection; but with the user's words as
 * parameters PostgreSQL's own choice (`plan_cache_mode=auto`) kept planning every run, as its generic plan's
 * estimate looked worse than the planned ones, though it ran as fast. These connections are set to keep the
 * generic plan. They are apart from the API's pool because that setting would also apply to every other
 * statement sent with parameters, where a plan made without the values can be much slower.
 *
 * The connections stay open while idle: a connection closed after a quiet spell takes its prepared shapes
 * with it, and the next searches would be planned again (pg's own default closes them after 10 s, which at
 * a small utility's pace is most of the day). A connection PostgreSQL ends while idle (a restart, an
 * administrator, `idle_session_timeout`) reaches the pool as an 'error' event; the pool has already let it
 * go and the next search opens another, but an event nobody listens to would end the API process.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from '../../domain/common/database.js';
import { cisternTypeParsers } from './pg-types.js';
import { NamedStatementClient } from './named-statement-client.js';
import { SHORT_QUERY_SETTINGS } from './orm.js';
import { logger } from '../logger.js';

/** The API's short-query settings, and one generic plan per named statement. */
export const GENERIC_PLAN_SETTINGS = `${SHORT_QUERY_SETTINGS} -c plan_cache_mode=force_generic_plan`;

/** A query builder over a pool of `size` such connections; `destroy()` closes them. */
export function openGenericPlanDb(databaseUrl: string, size: number): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl, max: size, Client: NamedStatementClient, types: cisternTypeParsers(), options: GENERIC_PLAN_SETTINGS,
    idleTimeoutMillis: 0, // never closed for being idle (see above)
  });
  // Only the code and message: pg's error carries its client, and with it the connection's parameters.
  pool.on('error', (error: Error & { code?: string }) => {
    logger().warn({ code: error.code, reason: error.message }, 'the database closed an idle search connection; the next search opens another');
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
