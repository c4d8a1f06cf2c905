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
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database, Db } from '../../domain/common/database.js';
import { cisternTypeParsers } from './pg-types.js';
import { NamedStatementClient } from './named-statement-client.js';
import { SHORT_QUERY_SETTINGS } from './orm.js';

/** The API's short-query settings, and one generic plan per named statement. */
export const GENERIC_PLAN_SETTINGS = `${SHORT_QUERY_SETTINGS} -c plan_cache_mode=force_generic_plan`;

/** A query builder over a pool of `size` such connections; `destroy()` closes them. */
export function openGenericPlanDb(databaseUrl: string, size: number): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl, max: size, Client: NamedStatementClient, types: cisternTypeParsers(), options: GENERIC_PLAN_SETTINGS,
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
