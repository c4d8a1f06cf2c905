/**
 * The nightly run's account ids, one chunk at a time by keyset (`id > last order by id
 * limit n`), and a few chunks worked on at once: the run holds the chunks in flight,
 * never the list of every account, so its memory does not grow with their number.
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

/**
 * Runs `task` on each item of `items` with at most `parallel` in flight. The lanes share one
 * iterator (an async generator answers its calls one after another), so no more than
 * `parallel` items are ever taken from it ahead of their task.
 */
export async function eachInFlight<T>(items: AsyncIterator<T>, parallel: number, task: (item: T) => Promise<void>): Promise<void> {
  const lane = async () => {
    for (let next = await items.next(); !next.done; next = await items.next()) await task(next.value);
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, lane));
}

/** How many accounts there are now, for the progress report. */
export async function accountCount(orm: MikroORM): Promise<number> {
  const row = await db(orm.em.fork()).selectFrom('account').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
