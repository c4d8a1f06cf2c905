/** Small shared pieces of the benchmarks: timing, percentiles, and the result shape. */
export interface BenchRow {
  metric: string;
  value: string;
  target?: string;
  pass?: boolean;
}

export interface BenchSection {
  title: string;
  rows: BenchRow[];
  notes?: string[];
}

export interface Bench {
  /** A short key, used by `npm run bench -- <key>` and as the BENCHMARKS.md section marker. */
  key: string;
  /** The files and folders whose code it measures: a change to any of them after a run marks the section stale. */
  sources: readonly string[];
  run(context: BenchContext): Promise<BenchSection>;
}

export interface BenchContext {
  /** The database every read benchmark uses (100,000 accounts unless told otherwise; seeded by the `seed` bench). */
  databaseUrl: string;
  accounts: number;
  log(line: string): void;
}

export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return NaN;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index];
}

/** Times `iterations` calls after `warmup` untimed ones; returns p50, p95 and max in milliseconds. */
export async function timeCalls(call: (i: number) => Promise<unknown>, iterations: number, warmup = 10) {
  for (let i = 0; i < warmup; i++) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples[samples.length - 1], n: samples.length };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
