/**
 * Opening and resolving complaints (SPEC §5, §7). Resolving is the only move: an open
 * complaint becomes resolved once, with an optional note of what was done. Nothing
 * else is needed to clear the health penalty and the header alert: both are computed
 * live from `status`/`resolved_at` (domain/communications/complaint-rules.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ComplaintStatus } from '../shared/enums.js';
import { Conflict, NotFound } from '../shared/errors.js';
import { audit } from '../audit/audit.js';
import type { ComplaintItem } from './profile-records.js';
import { accountForWrite, optionalText, requiredText, txRows } from './record-writes.js';
import type { Actor } from '../service-orders/service-orders.js';
import { asDate, asDateOrNull, asInt } from '../shared/sql-values.js';

export const CATEGORY_MAX_LENGTH = 100;
export const COMPLAINT_MAX_LENGTH = 5_000;

/** Categories the form suggests (the ones the utility uses most); any other short text is accepted. */
export const SUGGESTED_CATEGORIES = ['billing', 'water quality', 'low pressure', 'service', 'meter', 'staff', 'other'] as const;

export interface NewComplaint { category: string; description: string }

type Row = Record<string, unknown>;
const COLUMNS = 'id, account_id, category, description, status, opened_at, resolved_at, resolution';
const toItem = (r: Row): ComplaintItem => ({
  id: asInt(r.id), category: String(r.category), description: String(r.description), status: r.status as ComplaintStatus,
  openedAt: asDate(r.opened_at), resolvedAt: asDateOrNull(r.resolved_at), resolution: (r.resolution as string | null) ?? null,
});

/** Opens a complaint on the account. */
export async function openComplaint(em: EntityManager, accountNumber: string, input: NewComplaint, actor: Actor): Promise<ComplaintItem> {
  const category = requiredText(input.category, 'category', CATEGORY_MAX_LENGTH);
  const description = requiredText(input.description, 'description', COMPLAINT_MAX_LENGTH);
  return em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const account = await accountForWrite(t, accountNumber);
    const [row] = await txRows(t, `
      insert into complaint (account_id, category, description, status, opened_at, created_by_id)
      values (?, ?, ?, 'open', now(), ?) returning ${COLUMNS}`, [account.id, category, description, actor.userId]);
    const complaint = toItem(row);
    await audit(t, {
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
    const t = tx as EntityManager;
    const [current] = await txRows(t, `select ${COLUMNS} from complaint where id = ? for update`, [id]);
    if (!current || (accountId !== undefined && asInt(current.account_id) !== accountId)) throw new NotFound('Complaint', String(id));
    const before = toItem(current);
    if (before.status === 'resolved') {
      throw new Conflict('This complaint is already resolved.', { currentStatus: before.status, resolvedAt: before.resolvedAt?.toISOString() ?? null });
    }
    const [row] = await txRows(t, `
      update complaint set status = 'resolved', resolved_at = now(), resolution = ?, resolved_by_id = ?
       where id = ? returning ${COLUMNS}`, [resolution, actor.userId, id]);
    const after = toItem(row);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: 'complaint.resolve', entity: 'complaint', entityId: String(id),
      before: { status: before.status, resolvedAt: null, resolution: before.resolution },
      after: { status: after.status, resolvedAt: after.resolvedAt?.toISOString(), resolution },
    });
    return after;
  });
}
