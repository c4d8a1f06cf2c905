/** The AuditLog entity (table `audit_log`). */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from '../auth/user.entity.js';

/** Who changed what, when, with the record before and after. Written in the same transaction as the change. */
export const AuditLog = defineEntity({
  name: 'AuditLog',
  properties: {
    id: p.integer().primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()).index(),
    user: () => p.manyToOne(User).nullable().index(),
    userName: p.string(),
    action: p.string(),
    entity: p.string(),
    entityId: p.string(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    /** Where the write came from (domain/audit/write-origin.ts): the HTTP request's X-Request-Id… */
    requestId: p.string().nullable(),
    /** …or the Temporal workflow whose activity wrote it… */
    workflowId: p.string().nullable(),
    /** …or the BullMQ job (`queue:id`) that wrote it. */
    jobId: p.string().nullable(),
  },
  // (entity, entity_id, at) also serves lookups by entity alone: no index on (entity, entity_id) besides it.
  indexes: [{ properties: ['entity', 'entityId', 'at'] }],
});
export type IAuditLog = InferEntity<typeof AuditLog>;
