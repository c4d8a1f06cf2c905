/**
 * Opening and resolving complaints (docs/rules.md#consumer-profile, docs/rules.md#health-score). Resolving is the only move: an open
 * complaint becomes resolved once, with an optional note of what was done. Nothing
 * else is needed to clear the health penalty and the header alert: both are computed
 * live from `status`/`resolved_at` (domain/communications/complaint-rules.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { Conflict, NotFound } from '../common/errors.js';
import { audit } from '../audit/audit.js';
import type { ComplaintItem } from './profile-records.js';
import { findAccount } from '../accounts/account-record.js';
import { optionalText, requiredText } from './record-writes.js';

export const CATEGORY_MAX_LENGTH = 100;
export const COMPLAINT_MAX_LENGTH = 5_000;

/** Categories the form suggests (the ones the utility uses most); any other short text is accepted. */
export const SUGGESTED_CATEGORIES = ['billing', 'water quality', 'low pressure', 'service', 'meter', 'staff', 'other'] as const;

export interface NewComplaint { category: string; description: string }

/** A complaint row as a ComplaintItem. */
const ITEM = ['id', 'category', 'description', 'status', 'opened_at as openedAt', 'resolved_at as resolvedAt', 'resolution'] as const;

/** Opens a complaint on the account. */
export async function openComplaint(em: EntityManager, accountNumber: string, input: NewComplaint, actor: Actor): Promise<ComplaintItem> {
  const category = requiredText(input.category, 'category', CATEGORY_MAX_LENGTH);
  const description = requiredText(input.description, 'description', COMPLAINT_MAX_LENGTH);
  return em.transactional(async (tx) => {
    const account = await findAccount(tx, accountNumber);
    const complaint = await db(tx).insertInto('complaint')
      .values({ account_id: account.id, category, description, status: 'open', opened_at: sql`now()`, created_by_id: actor.userId })
      .returning(ITEM).executeTakeFirstOrThrow();
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'complaint.open', entity: 'complaint', entityId: String(complaint.id),
      after: { accountNumber: account.accountNumber, category, description, status: 'open' },
    });
    return complaint;
  });
}

/**
 * Resolves an open complaint. 404 for an unknown id (or one of another account when
 * `accountId` is given); 409 when it is already resolved, with when.
 */
export async function resolveComplaint(
  em: EntityManager, id: number, input: { resolution?: string | null }, actor: Actor, accountId?: number,
): Promise<ComplaintItem> {
  const resolution = optionalText(input.resolution, 'resolution', COMPLAINT_MAX_LENGTH);
  return em.transactional(async (tx) => {
    const before = await db(tx).selectFrom('complaint').select([...ITEM, 'account_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before || (accountId !== undefined && before.account_id !== accountId)) throw new NotFound('Complaint', String(id));
    if (before.status === 'resolved') {
      throw new Conflict('This complaint is already resolved.', { currentStatus: before.status, resolvedAt: before.resolvedAt?.toISOString() ?? null });
    }
    const after = await db(tx).updateTable('complaint')
      .set({ status: 'resolved', resolved_at: sql`now()`, resolution, resolved_by_id: actor.userId })
      .where('id', '=', id).returning(ITEM).executeTakeFirstOrThrow();
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'complaint.resolve', entity: 'complaint', entityId: String(id),
      before: { status: before.status, resolvedAt: null, resolution: before.resolution },
      after: { status: after.status, resolvedAt: after.resolvedAt?.toISOString(), resolution },
    });
    return after;
  });
}
