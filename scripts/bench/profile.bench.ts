// Issue 3: the consumer profile on the 100,000-account bench database. The app runs in
// this process on a real HTTP port (bench-app.ts); requests go one at a time to random
// accounts, so the times are the server's work plus a loopback round trip.
import { sql } from 'kysely';
import { computeConsumptionBar } from '../../domain/readings/consumption-bar.js';
import { db } from '../../domain/common/database.js';
import { getOk, startBenchApp } from './bench-app.js';
import { ms, timeCalls, type Bench, type BenchRow } from './bench-kit.js';

const PAGE_CALLS = 500;
const JSON_CALLS = 500;
const TAB_CALLS = 100;
/** Target: the full profile page (header and the Overview tab) at p95 under 100 ms. */
const TARGET_MS = 100;
const TABS = ['financial', 'connections', 'service', 'communication', 'documents', 'notes'];

export const profileBench: Bench = {
  key: 'profile',
  sources: ['domain/accounts/', 'domain/billing/', 'domain/readings/', 'api/profile/', 'views/', 'migrations/', 'scripts/bench/profile.bench.ts'],
  async run({ databaseUrl, log }) {
    const app = await startBenchApp(databaseUrl);
    try {
      const query = db(app.deps.orm.em);
      const { n } = await query.selectFrom('account').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const total = Number(n);
      const sample = await query.selectFrom('account').select('account_number').orderBy(sql`random()`).limit(1000).execute();
      if (!sample.length) throw new Error('the bench database has no accounts: run `npm run bench -- seed` first');
      const numbers = sample.map((r) => r.account_number);
      const account = (i: number) => numbers[i % numbers.length];
      const page = { cookie: app.cookie };
      const api = { authorization: `Bearer ${app.token}` };

      const barStarted = performance.now();
      await computeConsumptionBar(app.deps.orm.em.fork(), 80, new Date());
      const barMs = performance.now() - barStarted;
      log(`VIP consumption bar over every active account (cold): ${ms(barMs)}`);

      log(`profile page × ${PAGE_CALLS}…`);
      const full = await timeCalls((i) => getOk(`${app.baseUrl}/accounts/${account(i)}`, page), PAGE_CALLS, 20);
      log(`account JSON × ${JSON_CALLS}…`);
      const json = await timeCalls((i) => getOk(`${app.baseUrl}/api/v1/accounts/${account(i + 500)}`, api), JSON_CALLS, 20);
      const tabs: BenchRow[] = [];
      for (const tab of TABS) {
        const t = await timeCalls((i) => getOk(`${app.baseUrl}/accounts/${account(i * 7)}/${tab}`, { ...page, 'hx-request': 'true' }), TAB_CALLS, 5);
        tabs.push({ metric: `${tab} tab (htmx fragment) p50 / p95`, value: `${ms(t.p50)} / ${ms(t.p95)}` });
      }
      return {
        title: `Consumer profile at ${total.toLocaleString('en-US')} accounts`,
        rows: [
          { metric: `profile page GET /accounts/{n}, p50 over ${full.n} random accounts`, value: ms(full.p50) },
          { metric: 'profile page GET /accounts/{n}, p95', value: ms(full.p95), target: `< ${TARGET_MS} ms`, pass: full.p95 < TARGET_MS },
          { metric: 'profile page, slowest', value: ms(full.max) },
          { metric: `GET /api/v1/accounts/{n}, p50 / p95 over ${json.n} random accounts`, value: `${ms(json.p50)} / ${ms(json.p95)}`,
            target: `< ${TARGET_MS} ms`, pass: json.p95 < TARGET_MS },
          ...tabs,
          { metric: 'VIP consumption bar computed cold (once per process per 5 minutes)', value: ms(barMs) },
        ],
        notes: [
          'One request at a time over loopback HTTP to the app in the benchmark process (session cookie for pages, bearer '
          + 'token for JSON); times include the round trip. The page is the header plus the Overview tab, with health score, '
          + 'VIP and balance computed live: 1 account query, then 7 fact queries in parallel, then 1 latest-activity query. '
          + 'The VIP consumption bar is a population statistic cached in-process for 5 minutes and refreshed in the background.',
        ],
      };
    } finally {
      await app.close();
    }
  },
};
