/**
 * The nightly run's estimates step (docs/rules.md#estimated-readings): the day's estimates in one
 * set-based statement, then one meter-reading order for each meter that has just reached (or still
 * has, after a crash) three estimates in a row without one. Both halves find nothing to do on a rerun.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { Invalid } from '../common/errors.js';
import type { Actor } from '../common/actor.js';
import { createServiceOrder } from '../service-orders/service-orders.js';
import { streaksWithoutOrder, writeEstimates, type EstimateStreak } from '../readings/reading-estimates.js';

export interface EstimatesResult { estimatesWritten: number; meterReadingOrders: string[] }

const NIGHTLY: Actor = { userId: null, name: 'nightly metrics' };

const description = (s: EstimateStreak) =>
  `Read meter ${s.meterNumber}: ${s.estimates} estimated readings in a row (latest ${s.latestReadAt}); the account needs an actual reading.`;

export async function estimateMissingReadings(orm: MikroORM, day: string, timeZone: string): Promise<EstimatesResult> {
  const written = await orm.em.fork().transactional((em) => writeEstimates(em, day));
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
