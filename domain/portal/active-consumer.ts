/**
 * The one rule for an account's portal identity (docs/rules.md#consumer-portal-identity): the user with the
 * consumer role, still active, tied to the account. A unique index keeps at most one per account. Every
 * place that asks (the staff's portal-access panel, the profile page's header statement, registration and
 * its confirmation, revoking) starts from this query.
 */
import type { Expression } from 'kysely';
import type { Db } from '../common/database.js';

/** The account's active consumer among `app_user` rows; `accountId` a value, or a column of an outer query (`sql\`a.id\``). */
export function activeConsumerOf(q: Db, accountId: number | Expression<number>) {
  return q.selectFrom('app_user').where('app_user.account_id', '=', accountId)
    .where('app_user.role', '=', 'consumer').where('app_user.active', '=', true);
}
