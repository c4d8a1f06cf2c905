/** The LoginAttempt entity (table `login_attempt`), counted by the sign-in throttle. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** One sign-in attempt, kept to throttle guessing per account and per address. */
export const LoginAttempt = defineEntity({
  name: 'LoginAttempt',
  properties: {
    id: p.integer().primary().autoincrement(),
    email: p.string(),
    ipAddress: p.string(),
    succeeded: p.boolean(),
    attemptedAt: p.datetime().onCreate(() => new Date()),
  },
  indexes: [
    { properties: ['email', 'attemptedAt'] },
    { properties: ['ipAddress', 'attemptedAt'] },
    { properties: ['attemptedAt'] },
  ],
});
export type ILoginAttempt = InferEntity<typeof LoginAttempt>;
