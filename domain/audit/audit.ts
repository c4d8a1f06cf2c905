import type { EntityManager } from '@mikro-orm/postgresql';

export interface AuditEntry {
  userId: number | null;
  userName: string;
  action: string;
  entity: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  requestId?: string | null;
}

/** Records a write in the audit log, inside the caller's transaction so it exists exactly when the write does. */
export async function audit(em: EntityManager, entry: AuditEntry): Promise<void> {
  await em.getConnection().execute(
    `insert into audit_log (at, user_id, user_name, action, entity, entity_id, before, after, request_id)
     values (now(), ?, ?, ?, ?, ?, ?, ?, ?)`,
    [entry.userId, entry.userName, entry.action, entry.entity, entry.entityId,
      entry.before ? JSON.stringify(entry.before) : null, entry.after ? JSON.stringify(entry.after) : null, entry.requestId ?? null],
    'all',
    em.getTransactionContext(),
  );
}
