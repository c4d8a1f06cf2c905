/** The Communication entity (table `communication`): a call, email, SMS or system message. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COMMUNICATION_CHANNELS, DIRECTIONS } from '../common/enums.js';
import { Account } from '../accounts/account.entity.js';
import { User } from '../auth/user.entity.js';

/** An email, call, SMS or system notification exchanged with the consumer. */
export const Communication = defineEntity({
  name: 'Communication',
  properties: {
    id: p.integer().primary().autoincrement(),
    account: () => p.manyToOne(Account),
    channel: p.enum(COMMUNICATION_CHANNELS),
    direction: p.enum(DIRECTIONS),
    subject: p.string().nullable(),
    body: p.text(),
    durationSeconds: p.integer().nullable(),
    occurredAt: p.datetime(),
    notificationId: p.integer().nullable().unique(),
    createdBy: () => p.manyToOne(User).nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [{ properties: ['account', 'occurredAt'] }],
});
export type ICommunication = InferEntity<typeof Communication>;
