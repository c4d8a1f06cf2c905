/**
 * Admin-editable settings, stored as JSON by key in the `setting` table; a missing or
 * no longer valid value means the default.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { z } from 'zod';
import { db } from '../common/database.js';
import { DEFAULT_SLA_SETTINGS, SLA_CLOCKS, type SlaSettings } from '../service-orders/service-order-sla.js';
import { TIME_OF_DAY } from '../common/time-of-day.js';
import { DEFAULT_METRICS_SETTINGS, metricsSettingsSchema, type MetricsSettings } from '../metrics/metrics-settings.js';
import { DEFAULT_NOTIFICATION_SETTINGS, notificationSettingsSchema, type NotificationSettings } from '../notifications/notification-settings.js';

// A stored value that no longer fits its schema is ignored with the default used, so a
// bad edit can never take the service-order desk down.
const limits = z.object({ assignWithinSeconds: z.number().positive(), completeWithinSeconds: z.number().positive() });
const clock = z.enum(SLA_CLOCKS);
/** Working hours: start before end on one day, at least one working day. */
export const businessHoursSchema = z.object({
  start: z.string().regex(TIME_OF_DAY), end: z.string().regex(TIME_OF_DAY),
  days: z.array(z.number().int().min(0).max(6)).min(1),
}).refine((h) => h.start < h.end, { message: 'the working day ends after it starts', path: ['end'] });
// Fields added later default, so a value stored before them keeps its timers.
const slaSchema = z.object({
  byPriority: z.object({ emergency: limits, high: limits, normal: limits, low: limits }),
  byType: z.record(z.string(), limits.partial()),
  reminderLeadSeconds: z.number().nonnegative(),
  clockByPriority: z.object({ emergency: clock, high: clock, normal: clock, low: clock }).default(DEFAULT_SLA_SETTINGS.clockByPriority),
  clockByType: z.record(z.string(), clock).default(DEFAULT_SLA_SETTINGS.clockByType),
  businessHours: businessHoursSchema.default(DEFAULT_SLA_SETTINGS.businessHours),
});

const SCHEMAS = {
  sla: slaSchema,
  notifications: notificationSettingsSchema,
  metrics: metricsSettingsSchema,
} as const;
const DEFAULTS: {
  sla: SlaSettings;
  notifications: NotificationSettings;
  metrics: MetricsSettings;
} = {
  sla: DEFAULT_SLA_SETTINGS,
  notifications: DEFAULT_NOTIFICATION_SETTINGS,
  metrics: DEFAULT_METRICS_SETTINGS,
};
export type SettingKey = keyof typeof SCHEMAS;

/**
 * The setting of `key`, read through the caller's transaction when there is one: code
 * that holds a connection in a transaction (a job claiming a row, the outbox relay) must
 * not wait for a second one, or a few of them at once can exhaust the pool.
 */
export async function getSetting<K extends SettingKey>(em: EntityManager, key: K): Promise<(typeof DEFAULTS)[K]> {
  return settingFrom(key, await storedSetting(em, key));
}

/** The setting of `key` from its stored JSON (read by the caller, e.g. within a larger query): the default when missing or invalid. */
export function settingFrom<K extends SettingKey>(key: K, stored: unknown): (typeof DEFAULTS)[K] {
  if (stored === undefined || stored === null) return DEFAULTS[key];
  const parsed = SCHEMAS[key].safeParse(stored);
  return parsed.success ? (parsed.data as (typeof DEFAULTS)[K]) : DEFAULTS[key];
}

/** `getSetting`, which now always reads through the caller's transaction. */
export const getSettingInTransaction = getSetting;

/** The stored JSON of `key` as it is, or undefined when none is stored. */
export async function storedSetting(em: EntityManager, key: string): Promise<unknown> {
  const row = await db(em).selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores a setting (checked against its schema first). */
export async function putSetting<K extends SettingKey>(em: EntityManager, key: K, value: (typeof DEFAULTS)[K]): Promise<void> {
  await writeSetting(em, key, SCHEMAS[key].parse(value));
}

/** Inserts or replaces the stored value of `key`; with `updatedById`, also who changed it. */
export async function writeSetting(em: EntityManager, key: string, value: unknown, updatedById?: number | null): Promise<void> {
  const by = updatedById === undefined ? {} : { updated_by_id: updatedById };
  await db(em).insertInto('setting').values({ key, value, updated_at: sql`now()`, ...by })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({
      value: eb.ref('excluded.value'), updated_at: sql`now()`,
      ...(updatedById === undefined ? {} : { updated_by_id: eb.ref('excluded.updated_by_id') }),
    }))).execute();
}
