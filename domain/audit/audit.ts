/** Writing the audit log: one row per change, in the same transaction as the change. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import { currentWriteOrigin } from './write-origin.js';

export interface AuditEntry {
  userId: number | null;
  userName: string;
  action: string;
  entity: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** An audit entry as its `audit_log` row, with the origin of the current write (domain/audit/write-origin.ts). */
export function auditRow(entry: AuditEntry) {
  const origin = currentWriteOrigin();
  return {
    at: sql<Date>`now()`, user_id: entry.userId, user_name: entry.userName, action: entry.action, entity: entry.entity, entity_id: entry.entityId,
    before: entry.before || null, after: entry.after || null,
    request_id: origin.requestId ?? null, workflow_id: origin.workflowId ?? null, job_id: origin.jobId ?? null,
  };
}

/**
 * Many audit rows in one statement (the nightly run's per-account changes, a bill import's batch), inside the
 * caller's transaction. The rows travel as one JSON document, an array of `[userId, userName, action, entity,
 * entityId, before, after]`: a row of parameters per entry made a statement of 40,000 parameters per 4,000 rows,
 * whose parsing and binding alone took 0.17 s, and one array parameter per column had `pg` escape every
 * character of every before/after document into an array literal (a sixth of the bill import's own CPU).
 */
export async function auditMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const origin = currentWriteOrigin();
  const rows = JSON.stringify(entries.map((e) => [e.userId, e.userName, e.action, e.entity, e.entityId, e.before || null, e.after || null]));
  // `->` gives a JSON null where the entry has none; the column holds SQL NULL then, as `audit` writes it.
  await sql`insert into audit_log (at, user_id, user_name, action, entity, entity_id, before, after, request_id, workflow_id, job_id)
    select now(), (e.row ->> 0)::int, e.row ->> 1, e.row ->> 2, e.row ->> 3, e.row ->> 4,
           nullif(e.row -> 5, 'null'::jsonb), nullif(e.row -> 6, 'null'::jsonb),
           ${origin.requestId ?? null}::text, ${origin.workflowId ?? null}::text, ${origin.jobId ?? null}::text
      from jsonb_array_elements(${rows}::jsonb) with ordinality as e(row, n)
     order by e.n`.execute(db(em));
}

/**
 * Records a write in the audit log, inside the caller's transaction so it exists exactly when the write does.
 * The row carries where the write came from (request, workflow or job: domain/audit/write-origin.ts).
 */
export async function audit(em: EntityManager, entry: AuditEntry): Promise<void> {
  await db(em).insertInto('audit_log').values(auditRow(entry)).execute();
}
