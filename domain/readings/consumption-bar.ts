/**
 * The VIP consumption bar (docs/rules.md#vip): a percentile of active accounts' average monthly usage.
 * The nightly run computes it once a day and stores it (`consumptionBarForDay`); the profile reads the
 * stored value, cached, and computes it live only before the first nightly run with the current percentile.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { isoDay } from '../common/calendar.js';
import { db } from '../common/database.js';

/**
 * The bar is the rules' `averageMonthlyUsage()` (Σ usage ÷ Σ months of the newest bills
 * until 12 months are covered, a crossing bill taken whole, one decimal) and
 * `percentile()` (inclusive linear interpolation = `percentile_cont`), done in one SQL
 * statement over every active account instead of loading a million bills. Each bill
 * covers at least one month, so an account's 12 newest bills always reach the 12-month
 * mark: a lateral top-12 per account (by its account_id index) instead of sorting every bill.
 * Computed now, uncached (what the nightly job wants). Null when no active account was ever billed.
 */
export async function computeConsumptionBar(em: EntityManager, percentile: number, asOf: Date): Promise<number | null> {
  const row = await db(em)
    .with('billed', (qb) => qb.selectFrom('account as a')
      .innerJoinLateral((eb) => eb.selectFrom('bill as b')
        .select(['b.usage', 'b.period_end', sql<number>`greatest(1, round((b.period_end - b.period_start + 1) / 30.4375::float8))::int`.as('months')])
        .whereRef('b.account_id', '=', 'a.id').where('b.issued_at', '<=', isoDay(asOf))
        .orderBy('b.period_end', 'desc').limit(12)
        .as('t'), (join) => join.onTrue())
      .select(['a.id as account_id', 't.usage', 't.months', sql<number>`coalesce(sum(t.months) over (
          partition by a.id order by t.period_end desc rows between unbounded preceding and 1 preceding), 0)`.as('months_before')])
      .where('a.status', '=', 'active'))
    .with('averages', (qb) => qb.selectFrom('billed')
      .select(sql<string>`round(sum(usage)::numeric / sum(months), 1)`.as('average'))
      .where('months_before', '<', 12)
      .groupBy('account_id'))
    .selectFrom('averages')
    .select(sql<number | null>`percentile_cont(${percentile / 100}::float8) within group (order by average)`.as('bar'))
    .executeTakeFirst();
  return row?.bar ?? null;
}

/**
 * Keeps a bar for the profile, with the utility day of the nightly run that computed it (null outside a
 * run). Writes nothing when the stored value and day are the same.
 */
export async function storeConsumptionBar(em: EntityManager, percentile: number, bar: number | null, day: string | null): Promise<void> {
  await db(em).insertInto('consumption_bar')
    .values({ percentile, bar, day, computed_at: sql`now()` })
    .onConflict((oc) => oc.column('percentile').doUpdateSet({ bar: sql`excluded.bar`, day: sql`excluded.day`, computed_at: sql`excluded.computed_at` })
      .where(sql<boolean>`(consumption_bar.bar, consumption_bar.day) is distinct from (excluded.bar, excluded.day)`))
    .execute();
}

/**
 * The nightly run's bar for its utility day: computed and stored by the day's first run, reused by its
 * reruns. The bar is a percentile over the active accounts and the run itself moves accounts to
 * collection, out of that population; computed again, a rerun's bar would differ from the first run's
 * and rewrite the VIP status of hundreds of accounts (527 at 1,000,000), so a rerun would not find
 * nothing to change. One bar per day, as of the day's first run, keeps the day's VIP decisions one set.
 */
export async function consumptionBarForDay(em: EntityManager, percentile: number, day: string, asOf: Date): Promise<number | null> {
  const stored = await db(em).selectFrom('consumption_bar').select('bar')
    .where('percentile', '=', percentile).where('day', '=', day).executeTakeFirst();
  if (stored) return stored.bar === null ? null : Number(stored.bar);
  const bar = await computeConsumptionBar(em, percentile, asOf);
  await storeConsumptionBar(em, percentile, bar, day);
  return bar;
}

/**
 * The bar the nightly run stored for this percentile or, before any run with it, computed now. Computing
 * it reads every active account's bills (13.8 s at 1,000,000 accounts), which a profile cannot wait for;
 * reading the stored one is a primary-key lookup.
 */
async function storedOrComputedBar(em: EntityManager, percentile: number): Promise<number | null> {
  const stored = await db(em).selectFrom('consumption_bar').select('bar').where('percentile', '=', percentile).executeTakeFirst();
  if (stored) return stored.bar === null ? null : Number(stored.bar);
  return computeConsumptionBar(em, percentile, new Date());
}

/**
 * The bar changes once a night, so the profile uses a copy at most 5 minutes old. After
 * that the stale copy is still served while one refresh runs in the background: only the
 * very first request of a process waits, for one lookup.
 */
export const CONSUMPTION_BAR_TTL_MS = 5 * 60_000;

interface CachedBar { value: number | null; computedAt: number; refreshing: Promise<number | null> | null }
const cache = new Map<string, CachedBar>();

function refresh(em: EntityManager, key: string, percentile: number): Promise<number | null> {
  const existing = cache.get(key);
  if (existing?.refreshing) return existing.refreshing;
  const started = Date.now();
  const refreshing = storedOrComputedBar(em, percentile)
    .then((value) => {
      cache.set(key, { value, computedAt: started, refreshing: null });
      return value;
    })
    .catch((error: unknown) => {
      const stale = cache.get(key);
      if (stale) stale.refreshing = null;
      else cache.delete(key);
      throw error;
    });
  cache.set(key, { value: existing?.value ?? null, computedAt: existing?.computedAt ?? 0, refreshing });
  if (!existing) return refreshing;
  refreshing.catch(() => undefined); // a failed background refresh keeps the stale value; the next request retries
  return refreshing;
}

/** The bar for the profile: cached per database and percentile, refreshed in the background when stale. */
export async function consumptionBar(em: EntityManager, percentile: number): Promise<number | null> {
  const key = `${String(em.config.get('clientUrl'))}|${percentile}`;
  const entry = cache.get(key);
  if (entry && entry.computedAt > 0) {
    if (Date.now() - entry.computedAt >= CONSUMPTION_BAR_TTL_MS && !entry.refreshing) {
      refresh(em, key, percentile).catch(() => undefined);
    }
    return entry.value;
  }
  return refresh(em, key, percentile);
}

/** Drops every cached bar (tests, and after a bulk import of bills). */
export function forgetConsumptionBars(): void {
  cache.clear();
}
