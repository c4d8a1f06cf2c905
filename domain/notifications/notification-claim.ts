/**
 * The database half of sending a notification at most once: `claimNotification` moves
 * the row from `queued` to `sending` (attempts + 1) in a transaction that locks it,
 * before anything goes out; `recordSent` / `recordFailure` write the outcome after.
 * A row found still `sending` was claimed by an attempt that never recorded its outcome
 * (a crash or a lost lock between send and record): the caller decides from the
 * channel whether sending again is safe.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationChannel, NotificationEvent, NotificationStatus } from '../shared/enums.js';

export interface ClaimedRow {
  id: number;
  event: NotificationEvent;
  status: NotificationStatus;
  channel: NotificationChannel | null;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  account: {
    id: number; accountNumber: string; firstName: string; lastName: string; email: string | null; phone: string | null;
    preferredChannel: NotificationChannel; optedOut: boolean;
  };
  orderType: string | null;
}

type Row = Record<string, unknown>;

export function run<T = Row>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  return em.getConnection().execute<T[]>(sql, params, 'all', em.getTransactionContext());
}

const LOCK_SQL = `
  select n.id, n.event, n.status, n.channel, n.idempotency_key, n.payload,
         a.id as account_id, a.account_number, a.first_name, a.last_name, a.email, a.phone,
         a.preferred_channel, a.notifications_opt_out,
         (select o.type from service_order o where o.order_number = n.payload->>'orderNumber') as order_type
    from notification n join account a on a.id = n.account_id
   where n.id = ? for update of n`;

/** The row with its consumer, locked for the caller's transaction; null when it does not exist. */
export async function lockNotification(em: EntityManager, id: number): Promise<ClaimedRow | null> {
  const [row] = await run(em, LOCK_SQL, [id]);
  if (!row) return null;
  return {
    id: Number(row.id), event: row.event as NotificationEvent, status: row.status as NotificationStatus,
    channel: (row.channel as NotificationChannel | null) ?? null, idempotencyKey: String(row.idempotency_key),
    payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload ?? {}) as Record<string, unknown>,
    account: {
      id: Number(row.account_id), accountNumber: String(row.account_number), firstName: String(row.first_name),
      lastName: String(row.last_name), email: (row.email as string | null) || null, phone: (row.phone as string | null) || null,
      preferredChannel: row.preferred_channel === 'sms' ? 'sms' : 'email', optedOut: Boolean(row.notifications_opt_out),
    },
    orderType: (row.order_type as string | null) ?? null,
  };
}

/** queued/sending → sending on `channel`, counting the attempt. */
export async function markSending(em: EntityManager, id: number, channel: NotificationChannel): Promise<void> {
  await run(em, `update notification set status = 'sending', channel = ?, attempts = attempts + 1, updated_at = now() where id = ?`, [channel, id]);
}

/** A final state reached without sending: `skipped` (opted out) or `failed` (nothing to send to, an interrupted email). */
export async function markUnsent(em: EntityManager, id: number, status: 'skipped' | 'failed', reason: string, channel: NotificationChannel | null): Promise<void> {
  await run(em, `update notification set status = ?, channel = coalesce(?, channel), last_error = ?, updated_at = now() where id = ?`,
    [status, channel, reason, id]);
}

export interface SentRecord { id: number; accountId: number; providerMessageId: string; subject: string | null; body: string }

/**
 * `sent` with the provider's id, and the Communication tab's entry, in one transaction.
 * Whatever the row says by now, the provider accepted the message, so `sent` is the
 * truth; the communication is unique by notification, so recording twice adds one.
 */
export async function recordSent(em: EntityManager, sent: SentRecord): Promise<void> {
  await run(em, `update notification set status = 'sent', provider_message_id = ?, sent_at = now(), last_error = null, updated_at = now()
                  where id = ?`, [sent.providerMessageId, sent.id]);
  await run(em, `insert into communication (account_id, channel, direction, subject, body, occurred_at, notification_id, created_at)
                 values (?, 'system', 'to_customer', ?, ?, now(), ?, now()) on conflict (notification_id) do nothing`,
  [sent.accountId, sent.subject, sent.body, sent.id]);
}

/** After a failed send: back to `queued` for the next try, or `failed` after the last one. Only a row still `sending` moves. */
export async function recordFailure(em: EntityManager, id: number, next: 'queued' | 'failed', reason: string): Promise<void> {
  await run(em, `update notification set status = ?, last_error = ?, updated_at = now() where id = ? and status = 'sending'`,
    [next, reason.slice(0, 1000), id]);
}
