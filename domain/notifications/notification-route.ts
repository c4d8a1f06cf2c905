/** Which channel a consumer's notification goes by, and to what address: shared by the sender and the quiet-hours timing. */
import type { NotificationChannel } from '../common/enums.js';
import { toE164 } from './phone-numbers.js';

export interface Reachable { email: string | null; phone: string | null; preferredChannel: NotificationChannel }

/** The consumer's address on `channel`, or null when they have none there. */
export function addressOf(account: Reachable, channel: NotificationChannel): string | null {
  if (channel === 'email') return account.email;
  return account.phone ? toE164(account.phone) : null;
}

/** The consumer's preferred channel, or the other one when there is nothing to send the preferred one to. */
export function routeOf(account: Reachable): { channel: NotificationChannel; to: string } | null {
  const order: NotificationChannel[] = account.preferredChannel === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  for (const channel of order) {
    const to = addressOf(account, channel);
    if (to) return { channel, to };
  }
  return null;
}
