/**
 * One chunk of the nightly run (docs/rules.md#nightly-metrics): its accounts' facts read in one
 * snapshot, each account's metrics computed by the domain's rules, and only the rows whose values
 * differ written. The run hands chunks to this in its own process, or to lanes on other threads
 * (infra/metrics/metrics-lanes.ts) that call the same function with connections of their own.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { VipSettings } from '../accounts/vip.js';
import { differs, metricsFor } from './metrics-accounts.js';
import { loadChunkFacts } from './metrics-facts.js';
import { writeChangedAccounts, type ChunkWrite } from './metrics-write.js';

/** What every chunk of one run is computed with. */
export interface ChunkContext {
  asOf: Date;
  timeZone: string;
  vipSettings: VipSettings;
  consumptionBar: number | null;
}

/** Works one chunk of account ids somewhere: here, or on another thread. */
export type ChunkWorker = (ids: number[], context: ChunkContext) => Promise<ChunkWrite>;

/** The chunk's work in this process, over `orm`'s connections. */
export async function workChunk(orm: MikroORM, ids: number[], context: ChunkContext): Promise<ChunkWrite> {
  const accounts = await loadChunkFacts(orm, ids, context.asOf, context.consumptionBar);
  const changed = [];
  for (const account of accounts) {
    const metrics = metricsFor(account, context.asOf, context.timeZone, context.vipSettings);
    if (differs(metrics, account.stored)) changed.push(metrics);
  }
  return writeChangedAccounts(orm, changed);
}
