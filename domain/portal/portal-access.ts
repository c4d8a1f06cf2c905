/**
 * Staff's view of an account's portal access (docs/rules.md#consumer-portal-identity): whether the
 * account's consumer may sign in, and revoking it (agent and up): the consumer is deactivated, every
 * session and API token of theirs ends, and the audit log records who did it.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../common/actor.js';
import { audit } from '../audit/audit.js';
import { db, type Db } from '../common/database.js';
import { preparedQuery } from '../common/prepared-query.js';
import { Conflict, NotFound } from '../common/errors.js';
import { endAccess } from '../auth/access.js';
import { canonicalAccountNumber } from '../accounts/account-record.js';
import { activeConsumerOf } from './active-consumer.js';

export interface PortalAccess { email: string; since: Date }

/** The account's active consumer (compiled once: every profile page asks). */
const activeConsumer = preparedQuery(1, (q: Db, accountId: number) => activeConsumerOf(q, accountId).select(['email', 'created_at']).limit(1));

/** The account's active consumer, or null when nobody signs in for it. */
export async function portalAccessOf(em: EntityManager, accountId: number): Promise<PortalAccess | null> {
  const [row] = await activeConsumer(em, accountId);
  return row ? { email: row.email, since: row.created_at } : null;
}

/** Ends the account's portal access: 404 for an unknown account, 409 when it has none. */
export async function revokePortalAccess(em: EntityManager, accountNumber: string, actor: Actor): Promise<{ accountNumber: string; email: string }> {
  const canonical = canonicalAccountNumber(accountNumber);
  return em.transactional(async (tx) => {
    const account = await db(tx).selectFrom('account').select('id').where('account_number', '=', canonical).executeTakeFirst();
    if (!account) throw new NotFound('Account', canonical);
    const consumer = await activeConsumerOf(db(tx), account.id).select(['id', 'email']).forUpdate().executeTakeFirst();
    if (!consumer) throw new Conflict('This account has no portal access to revoke.', { reason: 'no_portal_access' });
    await db(tx).updateTable('app_user').set({ active: false }).where('id', '=', consumer.id).execute();
    await endAccess(tx, consumer.id);
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'portal.access_revoked', entity: 'account', entityId: canonical,
      before: { email: consumer.email, active: true }, after: { email: consumer.email, active: false },
    });
    return { accountNumber: canonical, email: consumer.email };
  });
}
