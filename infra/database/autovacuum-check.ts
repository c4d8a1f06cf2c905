/**
 * A warning when the PostgreSQL server runs without autovacuum (docs/operations.md#postgresql-upkeep).
 * Every account or order write updates a row of the dashboard's counter tables; without
 * autovacuum their dead rows are never reclaimed, and the dashboard slows down by the hour (on
 * one such server: 1,004 pages scanned for 179 live rows, 3.2 ms a read instead of 0.06). The
 * jobs worker says so once at start, so the operator hears of it before the agents do.
 */
import { sql, type QueryExecutorProvider } from 'kysely';
import { db } from '../../domain/common/database.js';
import type { Logger } from '../logger.js';
import type { Orm } from './orm.js';

/** The server's `autovacuum` setting ('on' or 'off'), over any connection to it. */
export async function autovacuumSetting(q: QueryExecutorProvider): Promise<string> {
  const { rows } = await sql<{ autovacuum: string }>`show autovacuum`.execute(q);
  return rows[0]?.autovacuum ?? 'unknown';
}

/** Whether the server's autovacuum is on; logs a warning when it is not. */
export async function checkAutovacuum(orm: Orm, log: Pick<Logger, 'warn'>): Promise<boolean> {
  const setting = await autovacuumSetting(db(orm.em.fork()));
  const on = setting === 'on';
  if (!on) {
    log.warn({ autovacuum: setting },
      'PostgreSQL runs with autovacuum off: the dashboard counters and other often-updated tables will bloat and slow down; turn it on (docs/operations.md#postgresql-upkeep)');
  }
  return on;
}
