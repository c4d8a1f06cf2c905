/**
 * Concurrent clients running lifecycles back to back for a fixed time: each client starts its next
 * lifecycle as soon as the last one ends, and stops starting new ones when the time is up.
 * Lifecycles per second count the lifecycles finished over the wall time until the last one ended.
 */
import { percentile } from '../bench-kit.js';

/** Times one step of a lifecycle (a move); its latency goes into the transition percentiles. */
export type Timed = <T>(step: () => Promise<T>) => Promise<T>;

export interface LifecycleRun {
  lifecycles: number;
  seconds: number;
  perSecond: number;
  transitions: number;
  p50: number;
  p95: number;
}

export async function runLifecycles(
  clients: number, seconds: number, lifecycle: (n: number, timed: Timed) => Promise<void>,
): Promise<LifecycleRun> {
  const samples: number[] = [];
  const timed: Timed = async (step) => {
    const started = performance.now();
    const result = await step();
    samples.push(performance.now() - started);
    return result;
  };
  let next = 0;
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < deadline) {
      await lifecycle(next++, timed);
      done++;
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return {
    lifecycles: done, seconds: elapsed, perSecond: done / elapsed, transitions: samples.length,
    p50: percentile(samples, 50), p95: percentile(samples, 95),
  };
}
