/**
 * What an admin edits on the settings page (docs/rules.md#roles-access-and-audit): SLA timers in hours, the clock each
 * priority's SLA counts on and the business hours, the reminder lead time, the default quiet hours and the VIP
 * thresholds; each save is validated whole and audited.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import type { Actor } from '../common/actor.js';
import { SERVICE_ORDER_PRIORITIES } from '../common/enums.js';
import { Invalid } from '../common/errors.js';
import { SLA_CLOCKS, type SlaSettings } from '../service-orders/service-order-sla.js';
import { TIME_OF_DAY } from '../common/time-of-day.js';
import type { QuietHours } from '../notifications/quiet-hours.js';
import type { VipSettings } from '../accounts/vip.js';
import { getSetting, storedSetting, writeSetting } from './settings.js';
import { audit } from '../audit/audit.js';
import { vipSettingsFrom } from '../accounts/vip-settings.js';

// Each save is written with its audit row and takes effect for new orders, profiles and runs.
const hours = z.coerce.number({ error: 'a number of hours' }).positive('more than 0').max(24 * 90, 'at most 90 days');

const timeOfDay = z.string().regex(TIME_OF_DAY, 'a time HH:MM, e.g. 08:00');
const clock = z.enum(SLA_CLOCKS, { error: 'business hours or wall clock' });

/** The SLA form; the clocks and business hours may be left out (then they stay as they are). */
export const SlaForm = z.object({
  ...Object.fromEntries(SERVICE_ORDER_PRIORITIES.flatMap((p) => [[`${p}Assign`, hours], [`${p}Complete`, hours], [`${p}Clock`, clock.optional()]])),
  reminderLeadHours: z.coerce.number({ error: 'a number of hours' }).min(0).max(24 * 14, 'at most 14 days'),
  businessStart: timeOfDay.optional(),
  businessEnd: timeOfDay.optional(),
}) as z.ZodType<Record<string, number | string | undefined>>;

export const QuietHoursForm = z.object({ quietStart: timeOfDay, quietEnd: timeOfDay });

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

/** The business hours the form gives (each end kept as it was when left out); the day must end after it starts. */
function businessHoursFrom(form: Record<string, number | string | undefined>, before: SlaSettings): SlaSettings['businessHours'] {
  const start = (form.businessStart as string | undefined) ?? before.businessHours.start;
  const end = (form.businessEnd as string | undefined) ?? before.businessHours.end;
  if (end <= start) throw new Invalid('The working day ends after it starts.', { businessEnd: 'after the start' });
  return { ...before.businessHours, start, end };
}

export async function saveSlaHours(em: EntityManager, form: Record<string, number | string | undefined>, actor: Actor): Promise<SlaSettings> {
  const before = await getSetting(em, 'sla');
  const n = (name: string) => Number(form[name]);
  const byPriority = Object.fromEntries(SERVICE_ORDER_PRIORITIES.map((p) => [p, {
    assignWithinSeconds: Math.round(n(`${p}Assign`) * 3600), completeWithinSeconds: Math.round(n(`${p}Complete`) * 3600),
  }])) as SlaSettings['byPriority'];
  const clockByPriority = Object.fromEntries(SERVICE_ORDER_PRIORITIES.map((p) => [p, form[`${p}Clock`] ?? before.clockByPriority[p]])) as SlaSettings['clockByPriority'];
  for (const p of SERVICE_ORDER_PRIORITIES) {
    if (byPriority[p].assignWithinSeconds > byPriority[p].completeWithinSeconds) {
      throw new Invalid('An order is assigned before it is completed.', { [`${p}Assign`]: 'longer than the time to complete' });
    }
  }
  const next: SlaSettings = {
    ...before, byPriority, clockByPriority, businessHours: businessHoursFrom(form, before), reminderLeadSeconds: Math.round(n('reminderLeadHours') * 3600),
  };
  await upsert(em, 'sla', next, actor, before);
  return next;
}

/**
 * The utility's default quiet hours (a window may cross midnight; equal start and end means none). Only
 * this field is added to what is stored, so templates left at their defaults keep following the code's.
 */
export async function saveQuietHours(em: EntityManager, form: z.infer<typeof QuietHoursForm>, actor: Actor): Promise<QuietHours> {
  const stored = ((await storedSetting(em, 'notifications')) ?? {}) as Record<string, unknown>;
  const quietHours = { start: form.quietStart, end: form.quietEnd };
  await upsert(em, 'notifications', { ...stored, quietHours }, actor, { quietHours: (await getSetting(em, 'notifications')).quietHours });
  return quietHours;
}

export async function loadVipSettings(em: EntityManager): Promise<VipSettings> {
  return vipSettingsFrom(await storedSetting(em, 'vip'));
}

export async function saveVipThresholds(em: EntityManager, values: VipSettings, actor: Actor): Promise<VipSettings> {
  await upsert(em, 'vip', values, actor, await loadVipSettings(em));
  return values;
}
