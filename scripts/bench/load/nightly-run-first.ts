/**
 * The load is measured on accounts as production holds them: after a nightly run. A fresh seed leaves
 * every account's metrics empty (233 bytes a row at 1,000,000 accounts); the first nightly run fills the
 * health breakdown and VIP reasons (958 bytes a row: the account table grows from 290 MB to 1.5 GB), and
 * a search by last name, which reads thousands of account rows, then served a third as many searches
 * (SQL floor 230 → 78 a second, BENCHMARKS.md). So when no nightly run has ever written this database's
 * accounts, the bench runs one first, as the jobs worker would, and says so.
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
    return `No nightly run had written this database's accounts (a fresh seed), so the bench ran one first (${run.written.toLocaleString('en-US')} accounts written, ${seconds} s): the load meets the account rows as production holds them, with their health breakdowns and VIP reasons.`;
  } finally {
    await orm.close();
  }
}
