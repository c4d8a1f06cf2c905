/**
 * A few tasks at once over a stream of items: the nightly run's account chunks and its
 * estimate ranges are worked on `parallel` at a time, taken from their generator only as a
 * lane comes free, so neither list is ever held whole.
 */

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
