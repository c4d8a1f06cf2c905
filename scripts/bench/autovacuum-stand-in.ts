/**
 * What autovacuum would have done, done before a read bench when the server runs without it. A
 * server with `autovacuum = off` (this machine's) never reclaims dead rows: after a session of
 * benches and write loads, the dashboard's counter table (`account_tally`, 179 live rows) held
 * 124,298 dead ones over 1,004 pages, and every dashboard read scanned them all (3.2 ms instead of
 * 0.06). A production server runs autovacuum (docs/operations.md#postgresql-upkeep), which visits
 * a table of a few hundred rows once some 90 of them are dead; so the bench first vacuums the
 * database and rewrites the two counter tables at the size autovacuum keeps them, and says so.
 */
import { autovacuumSetting } from '../../infra/database/autovacuum-check.js';
import { withAdmin, withPlainClient } from '../../infra/database/database-admin.js';

/** The counter tables every account or order write updates: tiny, and the fastest to bloat. */
const COUNTER_TABLES = ['account_tally', 'service_order_tally'];

/** Vacuums `databaseUrl` when its server has autovacuum off; returns the note for the section, or null when autovacuum is on. */
export async function standInForAutovacuum(databaseUrl: string, log: (line: string) => void): Promise<string | null> {
  if (await withAdmin(databaseUrl, autovacuumSetting) === 'on') return null;
  // VACUUM cannot run in a transaction: a plain client, one statement at a time.
  return withPlainClient(databaseUrl, async (client) => {
    const pages = async () => (await client.query<{ pages: string }>(
      `select coalesce(sum(relpages), 0) as pages from pg_class where relname = any($1)`, [COUNTER_TABLES])).rows[0].pages;
    const started = performance.now();
    await client.query('vacuum');
    const before = await pages();
    await client.query(`vacuum full ${COUNTER_TABLES.join(', ')}`);
    await client.query(`analyze ${COUNTER_TABLES.join(', ')}`);
    const after = await pages();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`autovacuum is off on this server: vacuumed the database and rewrote the counter tables (${before} → ${after} pages) in ${seconds} s`);
    return `This server runs with \`autovacuum = off\`, so before measuring the bench did what autovacuum would have: a \`VACUUM\` of the database, and the counter tables (${COUNTER_TABLES.join(', ')}) rewritten from ${before} pages to ${after}.`;
  });
}
