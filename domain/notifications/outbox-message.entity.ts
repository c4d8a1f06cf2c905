/** The `outbox_message` table: the transactional outbox's intents. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { OUTBOX_TARGETS } from '../common/enums.js';

/**
 * An intent for Temporal or BullMQ, written in the same transaction as the change that
 * causes it and relayed afterwards; the relay is idempotent (the outbox id is the job id).
 */
export const OutboxMessage = defineEntity({
  name: 'OutboxMessage',
  properties: {
    id: p.integer().primary().autoincrement(),
    target: p.enum(OUTBOX_TARGETS),
    kind: p.string(),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime().onCreate(() => new Date()),
    availableAt: p.datetime().onCreate(() => new Date()),
    relayedAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
  },
});
export type IOutboxMessage = InferEntity<typeof OutboxMessage>;
