/** The Session entity (table `session`): a browser sign-in. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { User } from './user.entity.js';

/**
 * A browser session. The id is the SHA-256 of the random token held in the signed
 * cookie, so a leaked database row cannot be replayed as a cookie.
 */
export const Session = defineEntity({
  name: 'Session',
  properties: {
    id: p.string().length(64).primary(),
    user: () => p.manyToOne(User).index(),
    csrfToken: p.string().length(64),
    ipAddress: p.string().nullable(),
    userAgent: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().index(),
    lastSeenAt: p.datetime().onCreate(() => new Date()),
  },
});
export type ISession = InferEntity<typeof Session>;
