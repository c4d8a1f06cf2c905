import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { DEFAULT_SLA_SETTINGS, type SlaSettings } from '../service-orders/service-order-sla.js';
import { DEFAULT_METRICS_SETTINGS, metricsSettingsSchema, type MetricsSettings } from '../metrics/metrics-settings.js';
import { DEFAULT_NOTIFICATION_SETTINGS, notificationSettingsSchema, type NotificationSettings } from '../notifications/notification-settings.js';

/**
 * Admin-editable settings, stored as JSON by key in the `setting` table. A missing key
 * means the default; a stored value that no longer fits its schema is ignored with the
 * default used, so a bad edit can never take the service-order desk down.
 */
const limits = z.object({ assignWithinSeconds: z.number().positive(), completeWithinSeconds: z.number().positive() });
const slaSchema = z.object({
  byPriority: z.object({ emergency: limits, high: limits, normal: limits, low: limits }),
  byType: z.record(z.string(), limits.partial()),
  reminderLeadSeconds: z.number().nonnegative(),
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

export async function getSetting<K extends SettingKey>(em: EntityManager, key: K): Promise<(typeof DEFAULTS)[K]> {
  const rows = await em.getConnection().execute<{ value: unknown }[]>('select value from setting where key = ?', [key]);
  if (!rows.length) return DEFAULTS[key];
  const parsed = SCHEMAS[key].safeParse(rows[0].value);
  return parsed.success ? (parsed.data as (typeof DEFAULTS)[K]) : DEFAULTS[key];
}

export async function putSetting<K extends SettingKey>(em: EntityManager, key: K, value: (typeof DEFAULTS)[K]): Promise<void> {
  const checked = SCHEMAS[key].parse(value);
  await em.getConnection().execute(
    `insert into setting (key, value, updated_at) values (?, ?, now())
     on conflict (key) do update set value = excluded.value, updated_at = now()`,
    [key, JSON.stringify(checked)],
  );
}

/**
 * `getSetting` read through the caller's transaction: code that holds a connection in a
 * transaction (a job claiming a row, the outbox relay) must not wait for a second one,
 * or a few of them at once can exhaust the pool and wait on each other forever.
 */
export async function getSettingInTransaction<K extends SettingKey>(em: EntityManager, key: K): Promise<(typeof DEFAULTS)[K]> {
  const rows = await em.getConnection().execute<{ value: unknown }[]>('select value from setting where key = ?', [key], 'all', em.getTransactionContext());
  if (!rows.length) return DEFAULTS[key];
  const parsed = SCHEMAS[key].safeParse(rows[0].value);
  return parsed.success ? (parsed.data as (typeof DEFAULTS)[K]) : DEFAULTS[key];
}
