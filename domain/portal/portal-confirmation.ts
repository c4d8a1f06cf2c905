/**
 * Confirming a portal registration (docs/rules.md#consumer-portal-identity): the e-mailed link works
 * once, within 24 hours, and makes the consumer user (role `consumer`, tied to the account) with the
 * password chosen when registering. Audited with the new consumer as the actor.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { audit } from '../audit/audit.js';
import { db, type Db } from '../common/database.js';
import { activeConsumerOf } from './active-consumer.js';
import { Conflict, DomainError } from '../common/errors.js';
import { sha256Hex } from '../auth/tokens.js';

const SPENT = 'This confirmation link has expired or was already used; register again to get a new one.';

function usableRegistration(query: Db, token: string, lock: boolean) {
  let found = query.selectFrom('portal_registration')
    .innerJoin('account', 'account.id', 'portal_registration.account_id')
    .select([
      'portal_registration.id', 'portal_registration.email', 'portal_registration.password_hash as passwordHash',
      'account.id as accountId', 'account.account_number as accountNumber', 'account.first_name as firstName', 'account.last_name as lastName',
    ])
    .where('portal_registration.token_hash', '=', sha256Hex(token)).where('portal_registration.outcome', '=', 'confirm')
    .where('portal_registration.used_at', 'is', null).where('portal_registration.expires_at', '>', sql<Date>`now()`);
  if (lock) found = found.forUpdate();
  return found.executeTakeFirst();
}

/** The e-mail and account a usable link is for, or NotFound (spent, expired or unknown): for the page before the button. */
export async function findUsableRegistration(em: EntityManager, token: string): Promise<{ email: string; accountNumber: string }> {
  const row = await usableRegistration(db(em), token, false);
  if (!row) throw new DomainError(404, 'not_found', SPENT);
  return { email: row.email, accountNumber: row.accountNumber };
}

export interface ConfirmedConsumer { userId: number; email: string; accountNumber: string }

/** Spends the link and creates the consumer; refuses (409) when the e-mail or the account was taken since. */
export async function confirmRegistration(em: EntityManager, token: string): Promise<ConfirmedConsumer> {
  return em.transactional(async (tx) => {
    const query = db(tx);
    const registration = await usableRegistration(query, token, true);
    if (!registration?.passwordHash) throw new DomainError(404, 'not_found', SPENT);
    await query.updateTable('portal_registration').set({ used_at: sql`now()` }).where('id', '=', registration.id).execute();
    const taken = await query.selectFrom('app_user').select('id').where(sql`lower(email)`, '=', registration.email).executeTakeFirst();
    if (taken) throw new Conflict('This e-mail address already signs in to Cistern; sign in with it instead.', { reason: 'email_in_use' });
    const existing = await activeConsumerOf(query, registration.accountId).select('id').executeTakeFirst();
    if (existing) throw new Conflict('This account already has portal access.', { reason: 'account_taken' });
    const name = `${registration.firstName} ${registration.lastName}`.trim();
    const user = await query.insertInto('app_user').values({
      email: registration.email, name, role: 'consumer', password_hash: registration.passwordHash, active: true,
      account_id: registration.accountId, created_at: sql`now()`,
    }).returning('id').executeTakeFirstOrThrow();
    await query.updateTable('portal_registration').set({ user_id: user.id }).where('id', '=', registration.id).execute();
    await audit(tx, {
      userId: user.id, userName: name, action: 'portal.registration_confirmed', entity: 'account', entityId: registration.accountNumber,
      after: { email: registration.email, userId: user.id },
    });
    return { userId: user.id, email: registration.email, accountNumber: registration.accountNumber };
  });
}
