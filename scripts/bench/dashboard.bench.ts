// Issue 3's dashboard benchmark: the dashboard API and page at 100,000 accounts, and the
// trigger-kept `account_tally` checked against (and timed beside) a full count of `account`.
import { sql } from 'kysely';
import { loadDashboard } from '../../domain/accounts/dashboard.js';
import { db, type Db } from '../../domain/common/database.js';
import { getOk, startBenchApp } from './bench-app.js';
import { standInForAutovacuum } from './autovacuum-stand-in.js';
import { ms, timeCalls, type Bench } from './bench-kit.js';

/** Accounts and balances by status and disconnection kind, counted over the whole table. */
function fullCount(query: Db) {
  return query.selectFrom('account')
    .select((eb) => ['status', eb.fn.coalesce('disconnection_kind', sql.lit('')).as('kind'), eb.fn.countAll().as('n'), eb.fn.sum('balance_cents').as('cents')])
    .groupBy(['status', 'kind']).orderBy('status').orderBy('kind')
    .execute();
}

/** The same figures from the tally shards, as the dashboard reads them. */
function tallyCount(query: Db) {
  return query.selectFrom('account_tally')
    .select((eb) => ['status', 'disconnection_kind as kind', eb.fn.sum('accounts').as('n'), eb.fn.sum('balance_cents').as('cents')])
    .groupBy(['status', 'disconnection_kind'])
    .having((eb) => eb.or([eb(eb.fn.sum('accounts'), '<>', 0), eb(eb.fn.sum('balance_cents'), '<>', 0)]))
    .orderBy('status').orderBy('kind')
    .execute();
}

/**
 * Issue 3: GET /api/v1/dashboard (and the page) at 100,000 accounts, exact and p95 < 50 ms.
 * Also shows how: the trigger-kept `account_tally` equals a full count of `account`, and
 * what that full count would cost on every request instead.
 */
export const dashboardBench: Bench = {
  key: 'dashboard',
  sources: ['domain/accounts/dashboard.ts', 'domain/accounts/dashboard-figures.ts', 'api/accounts/dashboard.json.ts', 'api/accounts/dashboard.pages.tsx', 'migrations/', 'scripts/bench/dashboard.bench.ts'],
  async run({ databaseUrl, log }) {
    const vacuumNote = await standInForAutovacuum(databaseUrl, log);
    const app = await startBenchApp(databaseUrl);
    try {
      const query = db(app.deps.orm.em);
      const [naive, tally] = await Promise.all([fullCount(query), tallyCount(query)]);
      const exact = JSON.stringify(naive) === JSON.stringify(tally);
      const figures = await loadDashboard(app.deps.orm.em.fork());
      log(`${figures.totalAccounts} accounts; counters equal a full count: ${exact}`);
      const auth = { authorization: `Bearer ${app.token}` };
      const api = await timeCalls(() => getOk(`${app.baseUrl}/api/v1/dashboard`, auth), 300, 20);
      const page = await timeCalls(() => getOk(`${app.baseUrl}/`, { cookie: app.cookie }), 150, 10);
      const fullCountTime = await timeCalls(() => fullCount(query), 20, 2);
      return {
        title: `Dashboard at ${figures.totalAccounts.toLocaleString('en-US')} accounts`,
        rows: [
          { metric: 'GET /api/v1/dashboard p50', value: ms(api.p50) },
          { metric: 'GET /api/v1/dashboard p95', value: ms(api.p95), target: '< 50 ms', pass: api.p95 < 50 },
          { metric: 'GET / (dashboard page) p50', value: ms(page.p50) },
          { metric: 'GET / (dashboard page) p95', value: ms(page.p95), target: '< 50 ms', pass: page.p95 < 50 },
          { metric: 'counters equal a full count of account', value: exact ? 'yes' : 'NO', pass: exact },
          { metric: 'a full count of account instead (p50, for comparison)', value: ms(fullCountTime.p50) },
        ],
        notes: [
          `${api.n} API calls and ${page.n} page loads, one at a time over HTTP on loopback, after warm-up. ` +
          'Accounts by status and the balance sums come from `account_tally` (≤ 16 shards × 6 groups), kept by ' +
          'statement-level triggers on `account` in the writing transaction; open and overdue orders use the partial ' +
          'indexes on open orders; failed notifications the (status, created_at) index; all in one statement (one snapshot).',
          ...(vacuumNote ? [vacuumNote] : []),
        ],
      };
    } finally {
      await app.close();
    }
  },
};
