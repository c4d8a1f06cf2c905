import type { EntityManager } from '@mikro-orm/postgresql';
import { asNumberOrNull, sqlDay } from '../shared/sql-values.js';

/**
 * The VIP consumption bar (SPEC §8): the p-th percentile of active accounts' average
 * monthly usage. It is the rules' `averageMonthlyUsage()` (Σ usage ÷ Σ months of the
 * newest bills until 12 months are covered, a crossing bill taken whole, one decimal)
 * and `percentile()` (inclusive linear interpolation = `percentile_cont`), done in one
 * SQL statement over every active account instead of loading a million bills. Each bill
 * covers at least one month, so an account's 12 newest bills always reach the 12-month
 * mark: a lateral top-12 per account (by its account_id index) instead of sorting every bill.
 */
const BAR_SQL = `
  with billed as (
    select a.id as account_id, t.usage, t.months,
           coalesce(sum(t.months) over (
             partition by a.id order by t.period_end desc rows between unbounded preceding and 1 preceding), 0) as months_before
      from account a cross join lateral (
        select b.usage, b.period_end, greatest(1, round((b.period_end - b.period_start + 1) / 30.4375::float8))::int as months
          from bill b where b.account_id = a.id and b.issued_at <= ?::date
         order by b.period_end desc limit 12) t
     where a.status = 'active'
  ), averages as (
    select round(sum(usage)::numeric / sum(months), 1) as average
      from billed where months_before < 12 group by account_id
  )
  select percentile_cont(?::float8) within group (order by average) as bar from averages`;

/** The bar computed now, uncached (what the nightly job wants). Null when no active account was ever billed. */
export async function computeConsumptionBar(em: EntityManager, percentile: number, asOf: Date): Promise<number | null> {
  const rows = await em.getConnection().execute<{ bar: unknown }[]>(BAR_SQL, [sqlDay(asOf), percentile / 100]);
  return asNumberOrNull(rows[0]?.bar);
}

/**
 * A population statistic moves slowly, and computing it reads every bill, so the
 * profile uses a copy at most 5 minutes old. After that the stale copy is still served
 * while one refresh runs in the background: only the very first request of a process
 * waits for the query.
 */
export const CONSUMPTION_BAR_TTL_MS = 5 * 60_000;

interface CachedBar { value: number | null; computedAt: number; refreshing: Promise<number | null> | null }
const cache = new Map<string, CachedBar>();

function refresh(em: EntityManager, key: string, percentile: number): Promise<number | null> {
  const existing = cache.get(key);
  if (existing?.refreshing) return existing.refreshing;
  const started = Date.now();
  const refreshing = computeConsumptionBar(em, percentile, new Date(started))
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
