/**
 * Meter readings (docs/rules.md#meters-and-readings): consumption from cumulative register values, and the checks
 * run on every new reading. Rejected readings are invisible here: they neither get a
 * consumption nor serve as anyone's "previous" reading, nor enter averages.
 */
import { addMonths, utcDay } from '../common/calendar.js';

export const READING_FLAGS = ['regression', 'high', 'zero', 'out_of_order'] as const;
export type ReadingFlag = (typeof READING_FLAGS)[number];
export type VerificationStatus = 'pending' | 'verified' | 'rejected';

/** Agent-facing wording of each flag. */
export const READING_FLAG_LABELS: Record<ReadingFlag, string> = {
  regression: 'value below the previous reading',
  high: 'consumption above 3× the 6-month average',
  zero: 'zero consumption two months running',
  out_of_order: 'dated on or before the previous reading',
};

export interface ReadingFacts {
  id: string;
  readAt: Date;
  value: number;
  verificationStatus: VerificationStatus;
  /** A new meter (register starting at zero) was fitted before this reading. */
  meterReplaced?: boolean;
  /** The register wrapped past its maximum back to zero before this reading. */
  rolledOver?: boolean;
}

export type NewReading = Omit<ReadingFacts, 'id' | 'verificationStatus'>;

export interface MeterContext {
  /** Highest value the register shows before wrapping to 0 (99 999 for 5 digits); needed to measure a rollover. */
  registerMax?: number;
}

export interface ReadingWithConsumption extends ReadingFacts {
  consumption: number | null;
  /** Consumption divided by the whole months since the previous reading (≥ 1), for averages. */
  monthlyConsumption: number | null;
}

export interface ReadingCheck {
  consumption: number | null;
  flags: ReadingFlag[];
  previousReadingId: string | null;
  /** The trailing 6-month average monthly consumption the `high` check used, when it applied. */
  trailingAverage: number | null;
}

export const HIGH_FACTOR = 3;
export const HIGH_WINDOW_MONTHS = 6;
export const HIGH_MIN_MONTHS = 3;

/**
 * Consumption since `prev`: the difference of register values; after a meter
 * replacement the new register counted from zero, so it is the value itself; after a
 * rollover it is what remained to the top of the register plus the new value (null when
 * the register size is unknown). A drop without either is not a consumption: null.
 */
export function consumptionSince(prev: { value: number } | null, reading: NewReading, meter: MeterContext = {}): number | null {
  if (!prev) return null;
  if (reading.meterReplaced) return reading.value;
  if (reading.value >= prev.value) return reading.value - prev.value;
  if (reading.rolledOver && meter.registerMax !== undefined) return meter.registerMax + 1 - prev.value + reading.value;
  return null;
}

/** Whole months between two readings, at least 1, so a skipped month is not "double". */
function monthsCovered(from: Date, to: Date): number {
  return Math.max(1, Math.round((utcDay(to) - utcDay(from)) / (365.25 / 12)));
}

/** Readings in date order with their consumption (null for the first and for rejected ones). */
export function withConsumption(readings: ReadingFacts[], meter: MeterContext = {}): ReadingWithConsumption[] {
  const sorted = [...readings].sort((a, b) => a.readAt.getTime() - b.readAt.getTime());
  let prev: ReadingFacts | null = null;
  return sorted.map((r) => {
    if (r.verificationStatus === 'rejected') return { ...r, consumption: null, monthlyConsumption: null };
    const consumption = consumptionSince(prev, r, meter);
    const monthly = consumption === null || !prev ? null : consumption / monthsCovered(prev.readAt, r.readAt);
    prev = r;
    return { ...r, consumption, monthlyConsumption: monthly };
  });
}

/** Mean monthly consumption of readings in the 6 months up to (excluding) `at`; null with < 3 months. */
function trailingAverage(history: ReadingWithConsumption[], at: Date): number | null {
  const from = utcDay(addMonths(at, -HIGH_WINDOW_MONTHS));
  const values = history
    .filter((r) => r.monthlyConsumption !== null && utcDay(r.readAt) >= from && utcDay(r.readAt) < utcDay(at))
    .map((r) => r.monthlyConsumption as number);
  if (values.length < HIGH_MIN_MONTHS) return null;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * Checks a new reading against the meter's existing readings. An out-of-order reading
 * gets no consumption and no high/zero check: its "previous" is not really before it.
 * `high` needs a positive average (3× nothing is not a spike; zero months raise `zero`),
 * and is strictly above 3×: exactly 3× passes.
 */
export function checkReading(
  reading: NewReading, history: ReadingFacts[], context: { accountActive: boolean } & MeterContext,
): ReadingCheck {
  const past = withConsumption(history, context);
  const prev = past.filter((r) => r.verificationStatus !== 'rejected').at(-1) ?? null;
  if (!prev) return { consumption: null, flags: [], previousReadingId: null, trailingAverage: null };
  const flags: ReadingFlag[] = [];
  if (reading.value < prev.value && !reading.meterReplaced && !reading.rolledOver) flags.push('regression');
  const outOfOrder = utcDay(reading.readAt) <= utcDay(prev.readAt);
  if (outOfOrder) flags.push('out_of_order');
  const consumption = outOfOrder ? null : consumptionSince(prev, reading, context);
  const average = consumption === null ? null : trailingAverage(past, reading.readAt);
  if (consumption !== null && average !== null && average > 0) {
    if (consumption / monthsCovered(prev.readAt, reading.readAt) > HIGH_FACTOR * average) flags.push('high');
  }
  if (context.accountActive && consumption === 0 && prev.consumption === 0) flags.push('zero');
  const ordered = READING_FLAGS.filter((f) => flags.includes(f));
  return { consumption, flags: ordered, previousReadingId: prev.id, trailingAverage: average };
}
