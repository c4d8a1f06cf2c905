/**
 * Row ids and other numbers stored in PostgreSQL `integer` (int4) columns: every table's
 * id is one, so a number outside 1..2,147,483,647 names no record and must never reach a query.
 */
import { z } from 'zod';

export const INT4_MAX = 2_147_483_647;

export function isRowId(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= INT4_MAX;
}

/** An id typed in a URL or a form: plain digits only ("1e3", "0x10", " 7" are no ids); null when it cannot name a row. */
export function parseRowId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return isRowId(id) ? id : null;
}

/** A row id in a JSON body. */
export const rowId = () => z.number().int().min(1).max(INT4_MAX);

/** A row id in a path, query or form field (text, coerced). */
export const rowIdParam = () => z.coerce.number().int().min(1).max(INT4_MAX);

/** A count or amount kept in an int4 column (usage, version, minutes): 0 up to INT4_MAX. */
export const int4Count = () => z.number().int().min(0).max(INT4_MAX);
