/**
 * The load is measured on accounts as production holds them: after a nightly run. A fresh seed leaves
 * every account's metrics empty; the first nightly run writes every account row once more (its health
 * score, compliance and VIP), leaving a dead version of each for vacuum and new index entries behind. When
 * the run also stored the health breakdown and VIP reasons (until migration 20261206090000), the row grew
 * from 233 to 958 bytes and a search by last name served a third as many searches afterwards (SQL floor
 * 230 → 78 a second, BENCHMARKS.md). So when no nightly run has ever written this database's accounts, the
 * bench runs one first, as the jobs worker would, and says so.
 */
import { sql } from 'kysely';
import { db } from '../../../domain/common/database.js';
import { config } from '../../../infra/config.js';
import { openOrm } from '../../../infra/database/orm.js';
import { runNightlyMetricsOnLanes } from '../../../infra/metrics/metrics-lanes.js';

/** Runs the nightly job on `databaseUrl` when no account has metrics yet; returns the note for the section, or null. */
export async function nightlyRunFirst(databaseUrl: string, log: (line: string) => void): Promise<string | null> {
  const orm = await openOrm(databaseUrl, { poolMax: 10 }); // the jobs worker's pool size
  try {
    const computed = await db(orm.em.fork()).selectFrom('account').select(sql<number>`1`.as('one'))
      .where('metrics_computed_at', 'is not', null).limit(1).executeTakeFirst();
    if (computed) return null;
    log('no nightly run had written these accounts: running one first…');
    const started = performance.now();
    const run = await runNightlyMetricsOnLanes(orm, config().METRICS_THREADS, { timeZone: config().UTILITY_TIME_ZONE });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`nightly run: ${run.written.toLocaleString('en-US')} accounts written in ${seconds} s`);
    return `No nightly run had written this database's accounts (a fresh seed), so the bench ran one first (${run.written.toLocaleString('en-US')} accounts written, ${seconds} s): the load meets the account rows as production holds them, after a nightly run.`;
  } finally {
    await orm.close();
  }
}
