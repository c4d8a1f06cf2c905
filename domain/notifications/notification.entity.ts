/** The `notification` table: one row per event a consumer is told about. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, NOTIFICATION_STATUSES } from '../common/enums.js';
import { Account } from '../accounts/account.entity.js';

/**
 * A notification to a consumer. `idempotencyKey` names the event it is for
 * (e.g. `order_created:SO-4523`), unique, so an event is notified at most once.
 */
export const Notification = defineEntity({
  name: 'Notification',
  properties: {
    id: p.integer().primary().autoincrement(),
    // Indexed as the first column of (account, createdAt) below, which serves lookups by account alone.
    account: () => p.manyToOne(Account),
    event: p.enum(NOTIFICATION_EVENTS),
    channel: p.enum(NOTIFICATION_CHANNELS).nullable(),
    status: p.enum(NOTIFICATION_STATUSES).default('queued'),
    idempotencyKey: p.string().unique(),
    payload: p.json<Record<string, unknown>>(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    providerMessageId: p.string().nullable(),
    sentAt: p.datetime().nullable(),
    /** When the message's last byte was about to reach a provider that cannot dedupe (e-mail): from then on, delivery is unknown until recorded. */
    handedOverAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
  indexes: [{ properties: ['status', 'createdAt'] }, { properties: ['account', 'createdAt'] }],
});
export type INotification = InferEntity<typeof Notification>;
