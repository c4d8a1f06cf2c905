/**
 * What an admin edits on the settings page (docs/rules.md#roles-access-and-audit): SLA timers in hours, the reminder
 * lead time and the VIP thresholds; each save is validated whole and audited.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Actor } from '../common/actor.js';
import { SERVICE_ORDER_PRIORITIES } from '../common/enums.js';
import { Invalid } from '../common/errors.js';
import type { SlaSettings } from '../service-orders/service-order-sla.js';
import type { VipSettings } from '../accounts/vip.js';
import { getSetting, storedSetting, writeSetting } from './settings.js';
import { audit } from '../audit/audit.js';
import { vipSettingsFrom } from '../accounts/vip-settings.js';

// Each save is written with its audit row and takes effect for new orders, profiles and runs.
const hours = z.coerce.number({ error: 'a number of hours' }).positive('more than 0').max(24 * 90, 'at most 90 days');

export const SlaForm = z.object({
  ...Object.fromEntries(SERVICE_ORDER_PRIORITIES.flatMap((p) => [[`${p}Assign`, hours], [`${p}Complete`, hours]])),
  reminderLeadHours: z.coerce.number({ error: 'a number of hours' }).min(0).max(24 * 14, 'at most 14 days'),
}) as z.ZodType<Record<string, number>>;

export const VipForm = z.object({
  minCompliancePercent: z.coerce.number().min(0).max(100),
  minBillsDue: z.coerce.number().int().min(0).max(120),
  minTenureYears: z.coerce.number().min(0).max(100),
  consumptionPercentile: z.coerce.number().min(0).max(100),
  maxComplaints: z.coerce.number().int().min(0).max(100),
  minCriteria: z.coerce.number().int().min(1).max(5),
});

async function upsert(em: EntityManager, key: string, value: unknown, actor: Actor, before: unknown) {
  await em.transactional(async (tx) => {
    await writeSetting(tx, key, value, actor.userId);
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'setting.update', entity: 'setting', entityId: key,
      before: before as Record<string, unknown>, after: value as Record<string, unknown> });
  });
}

export async function saveSlaHours(em: EntityManager, form: Record<string, number>, actor: Actor): Promise<SlaSettings> {
  const before = await getSetting(em, 'sla');
  const byPriority = Object.fromEntries(SERVICE_ORDER_PRIORITIES.map((p) => [p, {
    assignWithinSeconds: Math.round(form[`${p}Assign`] * 3600), completeWithinSeconds: Math.round(form[`${p}Complete`] * 3600),
  }])) as SlaSettings['byPriority'];
  for (const p of SERVICE_ORDER_PRIORITIES) {
    if (byPriority[p].assignWithinSeconds > byPriority[p].completeWithinSeconds) {
      throw new Invalid('An order is assigned before it is completed.', { [`${p}Assign`]: 'longer than the time to complete' });
    }
  }
  const next: SlaSettings = { ...before, byPriority, reminderLeadSeconds: Math.round(form.reminderLeadHours * 3600) };
  await upsert(em, 'sla', next, actor, before);
  return next;
}

export async function loadVipSettings(em: EntityManager): Promise<VipSettings> {
  return vipSettingsFrom(await storedSetting(em, 'vip'));
}

export async function saveVipThresholds(em: EntityManager, values: VipSettings, actor: Actor): Promise<VipSettings> {
  await upsert(em, 'vip', values, actor, await loadVipSettings(em));
  return values;
}
