/** The admin's VIP override: pin VIP on or off with a reason, or hand the decision back to the rule. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { Invalid, NotFound } from '../common/errors.js';
import { loadAccountProfile } from './account-profile.js';
import { audit } from '../audit/audit.js';

export interface VipPin {
  /** true pins VIP on, false pins it off, null removes the pin (the rule decides again). */
  pinned: boolean | null;
  reason: string | null;
}

/**
 * An admin pins VIP on or off with a reason; a pin beats the rule (docs/rules.md#vip). The stored
 * `vip` follows at once (the pin, or without one what the rule alone says), so lists and
 * the dashboard do not wait for the nightly run. Returns the account's VIP as now stored.
 */
export async function setVipPin(em: EntityManager, accountNumber: string, pin: VipPin, actor: Actor, timeZone: string) {
  const reason = pin.reason?.trim() || null;
  if (pin.pinned !== null && (!reason || reason.length < 3)) {
    throw new Invalid('Say why VIP is pinned, so other agents understand it.', { reason: 'a reason of at least 3 characters' });
  }
  const { record, insights } = await loadAccountProfile(em, accountNumber, timeZone);
  const after = { vip: pin.pinned ?? insights.vip.ruleVip, vipPinned: pin.pinned, vipPinReason: pin.pinned === null ? null : reason };
  await em.transactional(async (tx) => {
    const before = await db(tx).selectFrom('account')
      .select(['vip', 'vip_pinned as vipPinned', 'vip_pin_reason as vipPinReason'])
      .where('id', '=', record.id).forUpdate().executeTakeFirst();
    if (!before) throw new NotFound('Account', accountNumber);
    await db(tx).updateTable('account')
      .set({ vip: after.vip, vip_pinned: after.vipPinned, vip_pin_reason: after.vipPinReason, updated_at: sql<Date>`now()` })
      .where('id', '=', record.id).execute();
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'account.vip_pin', entity: 'account', entityId: record.accountNumber, before, after,
    });
  });
  return { accountNumber: record.accountNumber, ...after };
}
