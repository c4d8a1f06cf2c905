/**
 * How much water an account uses between two reading days: its own base usage, a
 * seasonal swing peaking in late July (lawns, gardens, pools), and some noise. Never
 * zero and never a spike above 3× the recent average, so regular readings raise no
 * flags: the anomalies the demo shows are planted on purpose (anomalies.ts).
 */
import { yearMonth } from './days.js';
import type { Rng } from './prng.js';

export interface UsagePattern {
  base: number;
  amplitude: number;
  noise: number;
}

const DAYS_PER_MONTH = 365.25 / 12;
/** Month index (0 = January) of the seasonal peak, between July and August. */
const PEAK_MONTH = 6.5;

export function seasonalFactor(day: number, amplitude: number): number {
  const { month, date } = yearMonth(day);
  const position = month + date / 31;
  return 1 + amplitude * Math.cos((2 * Math.PI * (position - PEAK_MONTH)) / 12);
}

/** Gallons used over the days (from, to], at least 1% of the base so no reading shows zero. */
export function usageBetween(rng: Rng, pattern: UsagePattern, from: number, to: number): number {
  const days = to - from;
  const middle = from + Math.floor(days / 2);
  const noise = Math.max(0.5, 1 + pattern.noise * rng.gauss());
  const gallons = (pattern.base * days * seasonalFactor(middle, pattern.amplitude) * noise) / DAYS_PER_MONTH;
  return Math.max(Math.round(pattern.base / 100), Math.round(gallons));
}

/**
 * Splits `total` gallons over intervals in proportion to their natural usage: how the
 * showcase account is pinned to its documented latest reading without looking odd.
 */
export function scaleToTotal(usages: number[], total: number): number[] {
  const sum = usages.reduce((s, u) => s + u, 0);
  const scaled = usages.map((u) => Math.floor((u * total) / sum));
  scaled[scaled.length - 1] += total - scaled.reduce((s, u) => s + u, 0);
  return scaled;
}
