/** The PortalRegistration entity (table `portal_registration`): one consumer's request to use the self-service portal. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Account } from '../accounts/account.entity.js';
import { User } from '../auth/user.entity.js';

/**
 * What a registration request led to: a confirmation link (`confirm`), a note to the owner of an
 * e-mail that already signs in (`email_in_use`), a note that the account already has portal access
 * (`account_taken`), or nothing at all (`no_match`: the details named no account).
 */
export const REGISTRATION_OUTCOMES = ['confirm', 'email_in_use', 'account_taken', 'no_match'] as const;
export type RegistrationOutcome = (typeof REGISTRATION_OUTCOMES)[number];

/**
 * One registration request, kept whatever its outcome so the limits per e-mail, per account and
 * per address count every try. A `confirm` row holds the chosen password's hash and the nonce its link is an
 * HMAC of (under a key from SESSION_SECRET); `tokenHash` (the link's SHA-256) finds it, so the
 * database alone holds nothing that opens the link.
 */
export const PortalRegistration = defineEntity({
  name: 'PortalRegistration',
  properties: {
    id: p.integer().primary().autoincrement(),
    email: p.string().length(254),
    accountNumber: p.string().length(20),
    account: () => p.manyToOne(Account).nullable().index(),
    outcome: p.enum(REGISTRATION_OUTCOMES),
    passwordHash: p.string().nullable().hidden(),
    nonce: p.string().length(64).nullable(),
    tokenHash: p.string().length(64).nullable().unique(),
    createdAt: p.datetime().onCreate(() => new Date()).index(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    user: () => p.manyToOne(User).nullable().index(),
    /** The address the request came from (as the sign-in throttle sees it): the limit per address counts it. */
    ipAddress: p.string().length(64).nullable(),
  },
  indexes: [{ properties: ['email', 'createdAt'] }, { properties: ['accountNumber', 'createdAt'] }, { properties: ['ipAddress', 'createdAt'] }],
});
export type IPortalRegistration = InferEntity<typeof PortalRegistration>;
