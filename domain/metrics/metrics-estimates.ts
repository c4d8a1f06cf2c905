/**
 * The nightly run's estimates step (docs/rules.md#estimated-readings): the day's estimates, set-based,
 * one range of meter ids per statement with a few statements in flight, then one meter-reading order
 * for each meter that has just reached (or still has, after a crash) three estimates in a row without
 * one. Both halves find nothing to do on a rerun.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';
import { Invalid } from '../common/errors.js';
import type { Actor } from '../common/actor.js';
import { createServiceOrder } from '../service-orders/service-orders.js';
import { streaksWithoutOrder, writeEstimates, type EstimateStreak, type MeterIdRange } from '../readings/reading-estimates.js';
import { eachInFlight } from '../common/in-flight.js';

export interface EstimatesResult { estimatesWritten: number; meterReadingOrders: string[] }

const NIGHTLY: Actor = { userId: null, name: 'nightly metrics' };

/**
 * Meter ids per estimates statement. Finding the due meters looks up every meter's last reading
 * (48 s of one PostgreSQL backend at 1,000,000 meters, while the other cores idled); in ranges,
 * a few statements share that work, and each commits on its own (a rerun writes what a crash left).
 */
export const METERS_PER_STATEMENT = 50_000;

const description = (s: EstimateStreak) =>
  `Read meter ${s.meterNumber}: ${s.estimates} estimated readings in a row (latest ${s.latestReadAt}); the account needs an actual reading.`;

/** `[fromId, toId)` ranges of `size` ids covering every meter there is now. */
export async function* meterIdRanges(orm: MikroORM, size: number): AsyncGenerator<MeterIdRange> {
  const bounds = await db(orm.em.fork()).selectFrom('meter')
    .select((eb) => [eb.fn.min('id').as('first'), eb.fn.max('id').as('last')]).executeTakeFirst();
  if (bounds?.first == null || bounds.last == null) return;
  for (let fromId = Number(bounds.first); fromId <= Number(bounds.last); fromId += size) yield { fromId, toId: fromId + size };
}

/** The day's estimates, `parallel` ranges of meters at a time; answers how many were written. */
export async function writeDayEstimates(orm: MikroORM, day: string, parallel: number, metersPerStatement = METERS_PER_STATEMENT): Promise<number> {
  let written = 0;
  await eachInFlight(meterIdRanges(orm, metersPerStatement), parallel, async (meters) => {
    // Awaited first: `written += await …` would read `written` before the wait and lose the other lanes' counts.
    const count = await orm.em.fork().transactional((em) => writeEstimates(em, day, meters));
    written += count;
  });
  return written;
}

export async function estimateMissingReadings(orm: MikroORM, day: string, timeZone: string, parallel: number): Promise<EstimatesResult> {
  const written = await writeDayEstimates(orm, day, parallel);
  const orders: string[] = [];
  // Few meters reach three in a row on one night: one order each, through the ordinary creation path.
  for (const streak of await streaksWithoutOrder(orm.em.fork())) {
    try {
      const created = await createServiceOrder(orm.em.fork(), {
        accountNumber: streak.accountNumber, type: 'meter_reading', description: description(streak), sourceReadingId: streak.latestEstimateId,
      }, NIGHTLY, timeZone);
      orders.push(created.orderNumber);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error; // raised meanwhile: nothing owed any more
    }
  }
  return { estimatesWritten: written, meterReadingOrders: orders };
}
