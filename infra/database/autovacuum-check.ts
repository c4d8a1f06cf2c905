/**
 * A warning when the PostgreSQL server runs without autovacuum (docs/operations.md#postgresql-upkeep).
 * Every account or order write updates a row of the dashboard's counter tables; without
 * autovacuum their dead rows are never reclaimed, and the dashboard slows down by the hour (on
 * one such server: 1,004 pages scanned for 179 live rows, 3.2 ms a read instead of 0.06). The
 * jobs worker says so once at start, so the operator hears of it before the agents do.
 */
import { sql } from 'kysely';
import { db } from '../../domain/common/database.js';
import type { Logger } from '../logger.js';
import type { Orm } from './orm.js';

/** Whether the server's autovacuum is on; logs a warning when it is not. */
export async function checkAutovacuum(orm: Orm, log: Pick<Logger, 'warn'>): Promise<boolean> {
  const { rows } = await sql<{ autovacuum: string }>`show autovacuum`.execute(db(orm.em.fork()));
  const on = rows[0]?.autovacuum === 'on';
  if (!on) {
    log.warn({ autovacuum: rows[0]?.autovacuum ?? 'unknown' },
      'PostgreSQL runs with autovacuum off: the dashboard counters and other often-updated tables will bloat and slow down; turn it on (docs/operations.md#postgresql-upkeep)');
  }
  return on;
}
