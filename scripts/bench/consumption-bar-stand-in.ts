/**
 * The VIP consumption bar stored before a load bench, as the nightly run stores it. A freshly seeded
 * database has had no nightly run, so no stored bar: each API process would compute it cold in its
 * first requests (every active account's bills, 10–14 s at 1,000,000 accounts), and the SQL floor,
 * replaying a request captured then, would replay that computation. Production has a bar from the
 * first night on (domain/readings/consumption-bar.ts), so the bench stores one first and says so.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { db } from '../../domain/common/database.js';
import { computeConsumptionBar, storeConsumptionBar } from '../../domain/readings/consumption-bar.js';
import { loadVipSettings } from '../../domain/settings/admin-settings.js';

/** Stores the bar when none is stored for the VIP settings' percentile; returns the note for the section, or null when one was there. */
export async function standInForNightlyBar(em: EntityManager, log: (line: string) => void): Promise<string | null> {
  const { consumptionPercentile } = await loadVipSettings(em);
  const stored = await db(em).selectFrom('consumption_bar').select('bar').where('percentile', '=', consumptionPercentile).executeTakeFirst();
  if (stored) return null;
  const started = performance.now();
  await storeConsumptionBar(em, consumptionPercentile, await computeConsumptionBar(em, consumptionPercentile, new Date()), null); // no day: the nightly run still computes its own
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`no nightly run had stored the VIP consumption bar: computed and stored it in ${seconds} s`);
  return `No nightly run had stored the VIP consumption bar on this database (a fresh seed), so the bench computed and stored it first (${seconds} s), as the nightly run does; otherwise each API process computes it cold in its first requests.`;
}
