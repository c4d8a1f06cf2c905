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

/** Many audit rows in one statement (the nightly run's per-account changes), inside the caller's transaction. */
export async function auditMany(em: EntityManager, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  await db(em).insertInto('audit_log').values(entries.map(auditRow)).execute();
}

/**
 * Records a write in the audit log, inside the caller's transaction so it exists exactly when the write does.
 * The row carries where the write came from (request, workflow or job: domain/audit/write-origin.ts).
 */
export async function audit(em: EntityManager, entry: AuditEntry): Promise<void> {
  await db(em).insertInto('audit_log').values(auditRow(entry)).execute();
}
