/**
 * When a queued notification may go out (docs/rules.md#quiet-hours): at once, unless it will be a
 * text message, the consumer is in quiet hours and it is not an emergency notice; then when the
 * quiet hours end. Read when the outbox relay hands the notification to the queue, which holds
 * the job until then (a BullMQ delayed job).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import { getSettingInTransaction } from '../settings/settings.js';
import { routeOf } from './notification-route.js';
import { isEmergencyNotice, quietHoursEndAfter, quietHoursOf } from './quiet-hours.js';

/** The instant the notification may be sent, or null for at once (also when it no longer exists or no longer waits). */
export async function notificationHeldUntil(em: EntityManager, notificationId: number, now: Date, timeZone: string): Promise<Date | null> {
  const row = await db(em).selectFrom('notification as n')
    .innerJoin('account as a', 'a.id', 'n.account_id')
    .select(['n.event', 'n.status', 'a.email', 'a.phone', 'a.preferred_channel', 'a.quiet_hours_start', 'a.quiet_hours_end'])
    .select((eb) => eb.selectFrom('service_order as o').select('o.priority')
      .where('o.order_number', '=', sql<string>`n.payload->>'orderNumber'`).as('order_priority'))
    .where('n.id', '=', notificationId).executeTakeFirst();
  if (!row || row.status !== 'queued') return null;
  const route = routeOf({ email: row.email || null, phone: row.phone || null, preferredChannel: row.preferred_channel === 'sms' ? 'sms' : 'email' });
  if (route?.channel !== 'sms' || isEmergencyNotice(row.event, row.order_priority ?? null)) return null;
  const { quietHours } = await getSettingInTransaction(em, 'notifications');
  const window = quietHoursOf({ quietHoursStart: row.quiet_hours_start ?? null, quietHoursEnd: row.quiet_hours_end ?? null }, quietHours);
  return quietHoursEndAfter(now, window, timeZone);
}
