/**
 * The size a bench's section names is the size it measured: a read bench run on a database seeded to another
 * size (the 1,000,000-account seed bench seeds the same `cistern_bench` the 100,000-account benches read)
 * would write 1,000,000-account figures under a 100,000-account heading. The bench runner checks the
 * database's account count before each bench that reads the seeded data, and refuses a mismatch.
 */
import { withPlainClient } from '../../infra/database/database-admin.js';

/** How far the count may stray from the size: benches and reruns add a few accounts of their own. */
const TOLERANCE = 0.1;

/** Why `found` accounts cannot stand for a bench of `wanted`, or null when they can. */
export function sizeMismatch(found: number, wanted: number): string | null {
  if (Math.abs(found - wanted) <= wanted * TOLERANCE) return null;
  const fix = found === 0 ? 'seed it first' : `seed it to ${wanted.toLocaleString('en-US')} first, or pass --accounts ${found}`;
  return `the bench database holds ${found.toLocaleString('en-US')} accounts, not ${wanted.toLocaleString('en-US')}: ${fix} (npm run bench -- --accounts ${wanted} seed)`;
}

/** The database's accounts, from the dashboard's counters (exact, and instant at any size). */
export function seededAccounts(databaseUrl: string): Promise<number> {
  return withPlainClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>('select coalesce(sum(accounts), 0) as n from account_tally');
    return Number(rows[0].n);
  });
}
