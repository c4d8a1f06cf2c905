/**
 * Writes an intent for Temporal or BullMQ in the caller's transaction, so the intent
 * exists exactly when the change that causes it does; the relay delivers it later.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { OutboxTarget } from '../common/enums.js';
import { db } from '../common/database.js';

export async function addOutboxMessage(em: EntityManager, target: OutboxTarget, kind: string, payload: Record<string, unknown>): Promise<number> {
  const row = await db(em).insertInto('outbox_message')
    .values({ target, kind, payload, created_at: sql`now()`, available_at: sql`now()`, attempts: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
