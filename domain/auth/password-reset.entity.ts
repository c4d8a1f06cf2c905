/** The PasswordReset entity (table `password_reset`): a one-time link an admin sends so someone sets a new password. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';

/**
 * A password-reset link. The link's secret is an HMAC of `nonce` under a key derived from
 * SESSION_SECRET, so the jobs worker can put it in the e-mail while the database alone
 * holds neither the secret nor anything that replays it; `tokenHash` finds the row.
 */
export const PasswordReset = defineEntity({
  name: 'PasswordReset',
  properties: {
    id: p.integer().primary().autoincrement(),
    user: () => p.manyToOne(User).index(),
    nonce: p.string().length(64),
    tokenHash: p.string().length(64).unique(),
    createdBy: () => p.manyToOne(User).nullable().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().index(),
    sentAt: p.datetime().nullable(),
    usedAt: p.datetime().nullable(),
  },
});
export type IPasswordReset = InferEntity<typeof PasswordReset>;
