/**
 * Raw SQL rows come back as text for dates, timestamps, bigints and numerics (the ORM's
 * driver settings), so the services convert them in one place.
 */
import { sql } from 'kysely';

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

const MS_PER_DAY = 86_400_000;

/** Selects a `date` column as its day number (`column - date '1970-01-01'`), for `fromDayNumber`. */
export const dayNumberOf = <A extends string>(column: string, as: A) => sql<number>`(${sql.ref(column)} - date '1970-01-01')`.as(as);

/**
 * A `date` read as its day number (days since 1970-01-01, `column - date '1970-01-01'`), as the
 * Date of that day's UTC midnight: what `asDate` makes of its text, without formatting and
 * parsing text for each of the nightly run's millions of dates.
 */
export function fromDayNumber(days: number): Date {
  if (!Number.isSafeInteger(days)) throw new TypeError(`not a day number: ${String(days)}`);
  return new Date(days * MS_PER_DAY);
}

/**
 * A `timestamptz` read as microseconds since the epoch (account-facts.ts `instantMicros`), as a
 * Date: the instant the driver would make of its text (milliseconds, the microseconds dropped).
 */
export function fromMicros(micros: number): Date {
  if (!Number.isSafeInteger(micros)) throw new TypeError(`not microseconds: ${String(micros)}`);
  return new Date(Math.floor(micros / 1000));
}

export function fromMicrosOrNull(micros: number | null | undefined): Date | null {
  return micros === null || micros === undefined ? null : fromMicros(micros);
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
