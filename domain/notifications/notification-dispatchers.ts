/**
 * The dispatchers' alert when a service order misses its SLA (docs/rules.md#service-orders): one email to
 * each active dispatcher. Dispatchers are users, not consumers, so this is not a
 * `notification` row; at most once per dispatcher comes from a claim (a Redis SET NX in
 * production) taken before the send and given back only if the send fails.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import { db } from '../common/database.js';
import { formatLocalDateTime } from '../common/utility-time.js';
import type { ChannelSender } from './notification-channel.js';

export interface SlaMiss { orderNumber: string; what: string; deadline: string; key: string }

export interface DispatcherAlertDeps {
  orm: MikroORM;
  email: ChannelSender;
  timeZone: string;
  /** True when this call may send for `claimKey` (nobody did before). */
  claim(claimKey: string): Promise<boolean>;
  release(claimKey: string): Promise<void>;
}

export interface DispatcherAlertResult { sent: number; alreadySent: number; failed: string[] }

export function slaAlertText(miss: SlaMiss, timeZone: string): { subject: string; body: string } {
  const deadline = new Date(miss.deadline);
  const when = Number.isNaN(deadline.getTime()) ? miss.deadline : formatLocalDateTime(deadline, timeZone);
  return {
    subject: `SLA missed: ${miss.orderNumber} (${miss.what})`,
    body: `Service order ${miss.orderNumber} missed its ${miss.what} deadline of ${when}.\n\n`
      + `It is now marked overdue on the dispatcher board: /service-orders/${miss.orderNumber}`,
  };
}

export async function sendDispatcherAlerts(deps: DispatcherAlertDeps, miss: SlaMiss): Promise<DispatcherAlertResult> {
  const dispatchers = await db(deps.orm.em.fork()).selectFrom('app_user').select(['id', 'email'])
    .where('role', '=', 'dispatcher').where('active', '=', true).orderBy('id').execute();
  const { subject, body } = slaAlertText(miss, deps.timeZone);
  const result: DispatcherAlertResult = { sent: 0, alreadySent: 0, failed: [] };
  for (const dispatcher of dispatchers) {
    const claimKey = `${miss.key}:${dispatcher.id}`;
    if (!(await deps.claim(claimKey))) {
      result.alreadySent++;
      continue;
    }
    try {
      await deps.email.send({ to: dispatcher.email, subject, body, idempotencyKey: claimKey });
      result.sent++;
    } catch (error) {
      await deps.release(claimKey);
      result.failed.push(`${dispatcher.email}: ${(error as Error).message}`);
    }
  }
  return result;
}
