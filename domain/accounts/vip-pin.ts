import type { EntityManager } from '@mikro-orm/postgresql';
import { Invalid, NotFound } from '../shared/errors.js';
import { loadAccountProfile } from './account-profile.js';
import { audit } from '../audit/audit.js';

export interface VipPin {
  /** true pins VIP on, false pins it off, null removes the pin (the rule decides again). */
  pinned: boolean | null;
  reason: string | null;
}

/**
 * An admin pins VIP on or off with a reason; a pin beats the rule (SPEC §8). The stored
 * `vip` follows at once (the pin, or without one what the rule alone says), so lists and
 * the dashboard do not wait for the nightly run.
 */
export async function setVipPin(em: EntityManager, accountNumber: string, pin: VipPin, actor: { userId: number | null; name: string }) {
  const reason = pin.reason?.trim() || null;
  if (pin.pinned !== null && (!reason || reason.length < 3)) {
    throw new Invalid('Say why VIP is pinned, so other agents understand it.', { reason: 'a reason of at least 3 characters' });
  }
  const profile = await loadAccountProfile(em, accountNumber);
  const vip = pin.pinned ?? profile.insights.vip.ruleVip;
  await em.transactional(async (tx) => {
    const t = tx as EntityManager;
    const run = <T>(sql: string, params: unknown[]) => t.getConnection().execute<T[]>(sql, params, 'all', t.getTransactionContext());
    const [before] = await run<{ vip: boolean; vip_pinned: boolean | null; vip_pin_reason: string | null }>(
      'select vip, vip_pinned, vip_pin_reason from account where id = ? for update', [profile.record.id]);
    if (!before) throw new NotFound('Account', accountNumber);
    await run('update account set vip = ?, vip_pinned = ?, vip_pin_reason = ?, updated_at = now() where id = ?',
      [vip, pin.pinned, pin.pinned === null ? null : reason, profile.record.id]);
    await audit(t, {
      userId: actor.userId, userName: actor.name, action: 'account.vip_pin', entity: 'account', entityId: profile.record.accountNumber,
      before: { vip: before.vip, vipPinned: before.vip_pinned, vipPinReason: before.vip_pin_reason },
      after: { vip, vipPinned: pin.pinned, vipPinReason: pin.pinned === null ? null : reason },
    });
  });
  return { accountNumber: profile.record.accountNumber, vip, vipPinned: pin.pinned, vipPinReason: pin.pinned === null ? null : reason };
}
