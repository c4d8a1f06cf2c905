/** The VIP thresholds as stored in the `vip` setting, read leniently (a bad field keeps its default). */
import { z } from 'zod';
import { DEFAULT_VIP_SETTINGS, type VipSettings } from './vip.js';

/**
 * The VIP thresholds (docs/rules.md#vip) from the `vip` setting. Each field may be stored on its
 * own; a missing or unusable field keeps its default, so a bad admin edit never breaks
 * the profile page.
 */
const fields = {
  minCompliancePercent: z.number().min(0).max(100),
  minBillsDue: z.number().int().min(0),
  minTenureYears: z.number().min(0),
  consumptionPercentile: z.number().min(0).max(100),
  maxComplaints: z.number().int().min(0),
  minCriteria: z.number().int().min(1).max(5),
} satisfies Record<keyof VipSettings, z.ZodType<number>>;

export function vipSettingsFrom(stored: unknown): VipSettings {
  const settings: VipSettings = { ...DEFAULT_VIP_SETTINGS };
  if (!stored || typeof stored !== 'object') return settings;
  for (const key of Object.keys(fields) as (keyof VipSettings)[]) {
    const parsed = fields[key].safeParse((stored as Record<string, unknown>)[key]);
    if (parsed.success) settings[key] = parsed.data;
  }
  return settings;
}
