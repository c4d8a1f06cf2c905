/**
 * The facts a template preview is rendered with (docs/rules.md#notification-templates): the chosen
 * account as the sender loads it, and, when the account never had a notification of the
 * event, example details shaped like the event's real payload (its balance and overdue
 * date where it has them), so every placeholder shows something.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationEvent } from '../common/enums.js';
import { canonicalAccountNumber } from '../accounts/account-record.js';
import { NotFound } from '../common/errors.js';
import { db } from '../common/database.js';

export interface PreviewAccount {
  id: number;
  accountNumber: string;
  firstName: string;
  lastName: string;
  balanceCents: number;
  overdueSince: string | null;
}

/** The account by its number as typed; NotFound when there is none. */
export async function previewAccount(em: EntityManager, accountNumber: string): Promise<PreviewAccount> {
  const canonical = canonicalAccountNumber(accountNumber);
  const row = await db(em).selectFrom('account')
    .select(['id', 'account_number', 'first_name', 'last_name', 'balance_cents', 'overdue_since'])
    .where('account_number', '=', canonical).executeTakeFirst();
  if (!row) throw new NotFound('Account', canonical);
  return {
    id: row.id, accountNumber: row.account_number, firstName: row.first_name, lastName: row.last_name,
    balanceCents: Number(row.balance_cents), overdueSince: row.overdue_since ? String(row.overdue_since).slice(0, 10) : null,
  };
}

const DAY_MS = 86_400_000;

/** Example details for `event`, in the shape its enqueuer writes (domain/notifications/notifications.ts callers). */
export function examplePayload(event: NotificationEvent, account: PreviewAccount, now: Date): Record<string, unknown> {
  const order = { orderNumber: 'SO-1001', type: 'repair' };
  const tomorrowMorning = new Date(Math.ceil(now.getTime() / DAY_MS) * DAY_MS + 15 * 3_600_000).toISOString();
  const owed = account.balanceCents > 0 ? account.balanceCents : 4250;
  switch (event) {
    case 'order_created': case 'order_completed': case 'satisfaction_survey':
      return order;
    case 'technician_scheduled': case 'appointment_reminder':
      return { ...order, scheduledFor: tomorrowMorning, windowMinutes: 120 };
    case 'payment_failed':
      return { reference: 'PAY-2026-000123', amountCents: owed };
    case 'balance_overdue': {
      const since = account.overdueSince ?? new Date(now.getTime() - 30 * DAY_MS).toISOString().slice(0, 10);
      return { overdueCents: owed, overdueSince: since, daysOverdue: Math.max(1, Math.floor((now.getTime() - Date.parse(since)) / DAY_MS)) };
    }
    case 'anomalous_reading':
      return { meterNumber: 'M-000123', readAt: now.toISOString().slice(0, 10), value: 48_210, flags: ['high'] };
  }
}
