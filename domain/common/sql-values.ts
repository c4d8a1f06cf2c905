/**
 * Raw SQL rows come back as text for dates, timestamps, bigints and numerics (the ORM's
 * driver settings), so the services convert them in one place.
 */

/** A `date` ('2020-03-15', UTC midnight) or `timestamptz` value as a Date. */
export function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a date: ${String(value)}`);
  return date;
}

export function asDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : asDate(value);
}

/** A bigint or integer column as a safe JS integer (money in cents, counts). */
export function asInt(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return n;
}

export function asIntOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : asInt(value);
}

/** A numeric/float column as a JS number, or null. */
export function asNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The ISO calendar day of a Date (for `date` parameters). */
export function sqlDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
