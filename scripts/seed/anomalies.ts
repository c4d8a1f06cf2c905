/**
 * Reading anomalies (docs/rules.md#meters-and-readings) planted on purpose: the latest reading of a few active
 * accounts is a misread (regression), a leak (high) or a second month without
 * consumption (zero). The flagged reading stays pending and unbilled, as a utility holds
 * a bill until someone has looked at a suspicious read.
 */
import type { AnomalyKind } from './fixtures.js';
import type { Rng } from './prng.js';

/** Share of eligible accounts that get an anomaly besides the planted ones. */
const ANOMALY_RATE = 0.006;
/** The `high` check needs 3 months of history; keep a margin. */
export const MIN_READINGS_FOR_ANOMALY = 9;

export function drawAnomaly(rng: Rng, planted: AnomalyKind | null, eligible: boolean): AnomalyKind | null {
  if (!eligible) return null;
  if (planted) return planted;
  if (!rng.chance(ANOMALY_RATE)) return null;
  return rng.pick(['regression', 'high', 'zero'] as const);
}

/**
 * Rewrites the interval usages (usage[i] is the water between reading i-1 and i) for
 * the anomaly. A regression is expressed as a register value, not a usage: see
 * regressedValue.
 */
export function applyAnomalyToUsage(rng: Rng, kind: AnomalyKind, usage: number[]): void {
  const last = usage.length - 1;
  if (kind === 'zero') {
    usage[last - 1] = 0;
    usage[last] = 0;
  } else if (kind === 'high') {
    const recent = usage.slice(last - 6, last);
    const average = recent.reduce((s, u) => s + u, 0) / recent.length;
    usage[last] = Math.round(average * rng.float(4, 6.5));
  }
}

/** A misread register: a little below the previous value (digits read wrong). */
export function regressedValue(rng: Rng, previousValue: number): number {
  return Math.max(0, previousValue - rng.int(150, 2500));
}
