/**
 * When a queued notification may go out (docs/rules.md#quiet-hours): at once, unless it will be a
 * text message, the consumer is in quiet hours and it is not an emergency notice; then when the
 * quiet hours end. Read when the outbox relay hands the notification to the queue, which holds
 * the job until then (a BullMQ delayed job).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import type { NotificationSettings } from './notification-settings.js';
import { routeOf } from './notification-route.js';
import { isEmergencyNotice, quietHoursEndAfter, quietHoursOf } from './quiet-hours.js';

/**
 * The instant each of `notificationIds` may be sent, for those held by quiet hours (the others are
 * absent: at once, also when one no longer exists or no longer waits), in one statement. A notification
 * still `sending` is one the lost-job sweeper hands back: it is held the same way.
 * `settings` is the `notifications` setting the caller has read (its default quiet hours).
 */
export async function notificationsHeldUntil(
  em: EntityManager, notificationIds: number[], settings: Pick<NotificationSettings, 'quietHours'>, now: Date, timeZone: string,
): Promise<Map<number, Date>> {
  const rows = await db(em).selectFrom('notification as n')
    .innerJoin('account as a', 'a.id', 'n.account_id')
    .select(['n.id', 'n.event', 'n.status', 'n.channel', 'a.email', 'a.phone', 'a.preferred_channel', 'a.quiet_hours_start', 'a.quiet_hours_end'])
    .select((eb) => eb.selectFrom('service_order as o').select('o.priority')
      .where('o.order_number', '=', sql<string>`n.payload->>'orderNumber'`).as('order_priority'))
    // `sending`: a notification the lost-job sweeper hands back after its job vanished mid-send is timed again too.
    .where('n.id', 'in', notificationIds).where('n.status', 'in', ['queued', 'sending']).execute();
  const held = new Map<number, Date>();
  for (const row of rows) {
    const route = routeOf({ email: row.email || null, phone: row.phone || null, preferredChannel: row.preferred_channel === 'sms' ? 'sms' : 'email' });
    // A send resumed after an interruption keeps the channel it started on (notification-sender.ts).
    const channel = row.status === 'sending' && row.channel ? row.channel : route?.channel;
    if (channel !== 'sms' || isEmergencyNotice(row.event, row.order_priority ?? null)) continue;
    const window = quietHoursOf({ quietHoursStart: row.quiet_hours_start ?? null, quietHoursEnd: row.quiet_hours_end ?? null }, settings.quietHours);
    const until = quietHoursEndAfter(now, window, timeZone);
    if (until) held.set(row.id, until);
  }
  return held;
}
