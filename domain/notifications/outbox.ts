import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxTarget } from '../shared/enums.js';

/**
 * Writes an intent for Temporal or BullMQ in the caller's transaction, so the intent
 * exists exactly when the change that causes it does; the relay delivers it later.
 */
export async function addOutboxMessage(em: EntityManager, target: OutboxTarget, kind: string, payload: Record<string, unknown>): Promise<number> {
  const rows = await em.getConnection().execute<{ id: number }[]>(
    `insert into outbox_message (target, kind, payload, created_at, available_at, attempts)
     values (?, ?, ?, now(), now(), 0) returning id`,
    [target, kind, JSON.stringify(payload)],
    'all',
    em.getTransactionContext(),
  );
  return rows[0].id;
}
