/**
 * Rows as PostgreSQL COPY text format: one line per row, columns separated by tabs,
 * \N for NULL, and backslash, tab, newline and carriage return escaped with a backslash.
 * Arrays go as array literals ({"a","b"}) and bytes as bytea hex (\x…), each then
 * escaped once more for COPY itself.
 */
import type { CopyValue } from './rows.js';

const SPECIAL = /[\\\t\n\r]/;

export function escapeCopyText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A Postgres array literal with every element quoted, so commas, braces and spaces are safe. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
}

export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  switch (typeof value) {
    case 'string': return escapeCopyText(value);
    case 'number': return String(value);
    case 'boolean': return value ? 't' : 'f';
  }
  if (value instanceof Uint8Array) return `\\\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  return escapeCopyText(arrayLiteral(value));
}

/** One COPY line (with its newline) from a row object and the columns to take, in order. */
export function copyLine(row: object, columns: readonly string[]): string {
  const record = row as Record<string, CopyValue>;
  let line = copyField(record[columns[0]]);
  for (let i = 1; i < columns.length; i++) line += `\t${copyField(record[columns[i]])}`;
  return `${line}\n`;
}
