// Issue 15: the account timeline's first page on the bench database. One client, one request at a
// time to random accounts (loopback HTTP to the app in this process), plus the query alone, a
// filtered page and a second page by cursor; then a check that the entries are the expected ones.
import { sql } from 'kysely';
import { db } from '../../domain/common/database.js';
import { timelineOf } from '../../domain/timeline/timeline.js';
import { decodeCursor, type TimelineCursor } from '../../domain/timeline/timeline-cursor.js';
import { getOk, startBenchApp } from './bench-app.js';
import { ms, timeCalls, type Bench } from './bench-kit.js';

const CALLS = 500;
const SMALL_CALLS = 200;
const CHECKED_ACCOUNTS = 25;
/** Target: the first page at p95 ≤ 30 ms (at 1,000,000 accounts). */
const TARGET_MS = 30;

interface Sample { id: number; accountNumber: string }

/** For a few accounts: the timeline's newest payment and note are the tables' own newest, and the page is newest first. */
async function checkEntries(app: Awaited<ReturnType<typeof startBenchApp>>, sample: Sample[], timeZone: string): Promise<string[]> {
  const problems: string[] = [];
  const q = db(app.deps.orm.em);
  for (const account of sample.slice(0, CHECKED_ACCOUNTS)) {
    const em = app.deps.orm.em.fork();
    const all = await timelineOf(em, account, { kinds: [], pageSize: 50 }, timeZone);
    const times = all.items.map((e) => e.at.getTime());
    if (times.some((t, i) => i > 0 && t > times[i - 1])) problems.push(`${account.accountNumber}: not newest first`);
    const payments = await timelineOf(em, account, { kinds: ['payment'], pageSize: 1 }, timeZone);
    const newestPayment = await q.selectFrom('payment').select('paid_at').where('account_id', '=', account.id).orderBy('paid_at', 'desc').limit(1).executeTakeFirst();
    if ((payments.items[0]?.at.getTime() ?? null) !== (newestPayment?.paid_at.getTime() ?? null)) problems.push(`${account.accountNumber}: newest payment differs`);
    const notes = await q.selectFrom('note').select((eb) => eb.fn.countAll<string>().as('n')).where('account_id', '=', account.id).executeTakeFirstOrThrow();
    let noteEntries = 0;
    let after: TimelineCursor | undefined;
    do {
      const page = await timelineOf(em, account, { kinds: ['note'], pageSize: 7, after }, timeZone);
      noteEntries += page.items.length;
      after = page.nextCursor ? decodeCursor(page.nextCursor) ?? undefined : undefined;
    } while (after);
    if (noteEntries !== Number(notes.n)) problems.push(`${account.accountNumber}: ${noteEntries} note entries by cursor, ${notes.n} notes`);
  }
  return problems;
}

export const timelineBench: Bench = {
  key: 'timeline',
  sources: ['domain/timeline/', 'api/timeline/', 'migrations/', 'scripts/bench/timeline.bench.ts'],
  async run({ databaseUrl, log }) {
    const app = await startBenchApp(databaseUrl);
    try {
      const timeZone = app.deps.config.UTILITY_TIME_ZONE;
      const query = db(app.deps.orm.em);
      const { n } = await query.selectFrom('account').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const total = Number(n);
      const sample: Sample[] = await query.selectFrom('account').select(['id', 'account_number as accountNumber']).orderBy(sql`random()`).limit(1000).execute();
      if (!sample.length) throw new Error('the bench database has no accounts: run `npm run bench -- seed` first');
      const account = (i: number) => sample[i % sample.length];
      const api = { authorization: `Bearer ${app.token}` };
      const url = (i: number, search = '') => `${app.baseUrl}/api/v1/accounts/${account(i).accountNumber}/timeline${search}`;

      log(`first page JSON × ${CALLS}…`);
      const first = await timeCalls((i) => getOk(url(i), api), CALLS, 20);
      log(`first page, query alone × ${CALLS}…`);
      const alone = await timeCalls((i) => timelineOf(app.deps.orm.em.fork(), account(i + 300), { kinds: [], pageSize: 25 }, timeZone), CALLS, 20);
      log(`filtered page × ${SMALL_CALLS}…`);
      const filtered = await timeCalls((i) => getOk(url(i + 600, '?kind=payment,bill,reading&from=2025-01-01&to=2026-06-30'), api), SMALL_CALLS, 5);
      const cursors: string[] = [];
      for (let i = 0; i < 100; i++) {
        const page = await timelineOf(app.deps.orm.em.fork(), account(i + 700), { kinds: [], pageSize: 25 }, timeZone);
        if (page.nextCursor) cursors.push(`${account(i + 700).accountNumber}|${page.nextCursor}`);
      }
      log(`second page by cursor × ${SMALL_CALLS}…`);
      const second = await timeCalls(async (i) => {
        const [number, cursor] = cursors[i % cursors.length].split('|');
        await getOk(`${app.baseUrl}/api/v1/accounts/${number}/timeline?cursor=${cursor}`, api);
      }, cursors.length ? SMALL_CALLS : 0, cursors.length ? 5 : 0);
      const problems = await checkEntries(app, sample, timeZone);
      return {
        title: `Account timeline at ${total.toLocaleString('en-US')} accounts`,
        rows: [
          { metric: `first page GET /api/v1/accounts/{n}/timeline, p50 / p95 over ${first.n} random accounts`, value: `${ms(first.p50)} / ${ms(first.p95)}`,
            target: `≤ ${TARGET_MS} ms p95`, pass: first.p95 <= TARGET_MS },
          { metric: 'first page, the query alone (no HTTP), p50 / p95', value: `${ms(alone.p50)} / ${ms(alone.p95)}` },
          { metric: 'filtered page (3 kinds, 18-month range), p50 / p95', value: `${ms(filtered.p50)} / ${ms(filtered.p95)}` },
          { metric: 'second page by cursor, p50 / p95', value: cursors.length ? `${ms(second.p50)} / ${ms(second.p95)}` : 'no account has a second page' },
          { metric: `expected entries (newest first; newest payment; every note reached by cursor) on ${Math.min(CHECKED_ACCOUNTS, sample.length)} accounts`,
            value: problems.length ? problems.slice(0, 3).join('; ') : 'all as expected', pass: problems.length === 0 },
        ],
        notes: [
          'One request at a time over loopback HTTP with a bearer token; times include the round trip. A page is one SQL statement: '
          + 'a UNION ALL of one index scan per source on (account, time), newest first, each limited to the page, merged and cut (docs/architecture.md#account-timeline).',
        ],
      };
    } finally {
      await app.close();
    }
  },
};
