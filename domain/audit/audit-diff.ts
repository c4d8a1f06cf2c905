/**
 * The audit log's before/after as rows a person can read: one row per field, the
 * changed ones marked. A creation has no "before" and a deletion no "after"; fields
 * missing on one side show as absent, not as null.
 */
export interface DiffRow {
  field: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

type Snapshot = Record<string, unknown> | null | undefined;

/** A value as one line of text: strings as they are, everything else as JSON. */
export function displayValue(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Field by field, in the order the fields first appear (before, then after). */
export function auditDiff(before: Snapshot, after: Snapshot): DiffRow[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.map((field) => {
    const was = before ? displayValue(before[field]) : null;
    const now = after ? displayValue(after[field]) : null;
    return { field, before: was, after: now, changed: was !== now };
  });
}

/** Only what changed, unless nothing did (then everything, so the entry is not blank). */
export function changedRows(rows: DiffRow[]): DiffRow[] {
  const changed = rows.filter((r) => r.changed);
  return changed.length ? changed : rows;
}
