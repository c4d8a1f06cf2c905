/**
 * The nightly run's account ids, one chunk at a time by keyset (`id > last order by id
 * limit n`): the run holds the chunks in flight (`eachInFlight`, in-flight.ts), never the
 * list of every account, so its memory does not grow with their number.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';

/** The ids of every account in id order, `size` at a time; an account added meanwhile is taken if its id comes later. */
export async function* accountIdChunks(orm: MikroORM, size: number): AsyncGenerator<number[]> {
  let last = 0;
  for (;;) {
    const rows = await db(orm.em.fork()).selectFrom('account').select('id').where('id', '>', last).orderBy('id').limit(size).execute();
    if (!rows.length) return;
    const ids = rows.map((row) => row.id);
    yield ids;
    if (ids.length < size) return;
    last = ids[ids.length - 1];
  }
}

/** How many accounts there are now, for the progress report. */
export async function accountCount(orm: MikroORM): Promise<number> {
  const row = await db(orm.em.fork()).selectFrom('account').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
