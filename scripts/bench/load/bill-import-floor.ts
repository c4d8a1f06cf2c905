/**
 * The floor beside the import row: the same kind of rows through the import's batch writer alone
 * (`loadRound`, domain/billing/bill-batch.ts) in the bench's process, as many batches at once as the
 * command runs, each batch's transaction rolled back so the floor leaves nothing behind. What it leaves out
 * is what the command adds around the database work: starting the process, reading the CSV, checking every
 * row. Whatever rate the floor reaches, the command cannot pass: the gap between the two is the process's
 * own cost, and the floor's distance from the target is the database's.
 */
import type { Orm } from '../../../infra/database/orm.js';
import { loadRound, type BillRowInput } from '../../../domain/billing/bill-batch.js';
import { BATCHES_AT_ONCE } from '../../../domain/billing/bill-import.js';

/** The import's batch size (BATCH_ROWS in domain/billing/bill-import.ts, kept private there). */
const BATCH_ROWS = 5000;

/** Thrown at the end of a floor batch so its transaction rolls back. */
class RollBack extends Error {}

export interface ImportFloorResult { rows: number; seconds: number; loaded: number }

/**
 * Loads `rows` (at most one per account, as a billing run's file holds) in batches of the import's size,
 * BATCHES_AT_ONCE at a time, each in a transaction that is rolled back once the batch has written everything.
 * Counts the rows the batches loaded, so a floor that loaded nothing (periods already billed) is seen.
 */
export async function importFloor(orm: Orm, rows: BillRowInput[], timeZone: string): Promise<ImportFloorResult> {
  const batches: BillRowInput[][] = [];
  for (let i = 0; i < rows.length; i += BATCH_ROWS) batches.push(rows.slice(i, i + BATCH_ROWS));
  const actor = { userId: null, name: 'bill import floor (rolled back)' };
  let next = 0;
  let loaded = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: BATCHES_AT_ONCE }, async () => {
    for (let batch = batches[next++]; batch; batch = batches[next++]) {
      await orm.em.fork().transactional(async (tx) => {
        const outcomes = await loadRound(tx, batch, actor, timeZone);
        loaded += outcomes.filter((outcome) => outcome.result === 'loaded').length;
        throw new RollBack();
      }).catch((error: unknown) => {
        if (!(error instanceof RollBack)) throw error;
      });
    }
  }));
  return { rows: rows.length, seconds: (performance.now() - started) / 1000, loaded };
}
