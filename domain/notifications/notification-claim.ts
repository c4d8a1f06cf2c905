/**
 * The database half of sending a notification at most once: `readNotification` reads the
 * row as it stands, `markSending` moves it from what was read to `sending` (attempts + 1)
 * only if nobody moved it since (compare and set on status, attempts and hand-over), committed
 * before anything goes out; `recordSent` / `recordFailure` write the outcome after. Each is
 * one statement on its own, so a notification costs four round trips, with no transaction
 * held open. A row found still `sending` was claimed by an attempt that never recorded its
 * outcome (a crash or a lost lock between send and record): the caller decides from the
 * channel whether sending again is safe.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { NotificationChannel, NotificationEvent, NotificationStatus } from '../common/enums.js';
import type { WhereInterface } from 'kysely';
import { db, type Database } from '../common/database.js';
import { settingFrom } from '../settings/settings.js';
import type { NotificationSettings } from './notification-settings.js';

export interface ClaimedNotification {
  id: number;
  event: NotificationEvent;
  status: NotificationStatus;
  channel: NotificationChannel | null;
  /** Set when an attempt had handed the whole message over (see markHandedOver). */
  handedOverAt: Date | null;
  /** When the row last changed: how long ago an unfinished attempt started. */
  updatedAt: Date;
  /** Attempts claimed so far: with the status and the hand-over, what a claim compares before it writes. */
  attempts: number;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  account: {
    id: number; accountNumber: string; firstName: string; lastName: string; email: string | null; phone: string | null;
    preferredChannel: NotificationChannel; optedOut: boolean;
  };
  orderType: string | null;
  /** The `notifications` setting (templates), as stored now: read in the same statement. */
  settings: NotificationSettings;
}

/** The row with its consumer and the templates, as they stand (no lock); null when it does not exist. */
export async function readNotification(em: EntityManager, id: number): Promise<ClaimedNotification | null> {
  const row = await db(em).selectFrom('notification as n')
    .innerJoin('account as a', 'a.id', 'n.account_id')
    .select(['n.id', 'n.event', 'n.status', 'n.channel', 'n.idempotency_key', 'n.payload', 'n.handed_over_at', 'n.updated_at', 'n.attempts',
      'a.id as account_id', 'a.account_number', 'a.first_name', 'a.last_name', 'a.email', 'a.phone',
      'a.preferred_channel', 'a.notifications_opt_out'])
    .select((eb) => eb.selectFrom('service_order as o').select('o.type')
      .where('o.order_number', '=', sql<string>`n.payload->>'orderNumber'`).as('order_type'))
    .select((eb) => eb.selectFrom('setting').select('value').where('key', '=', 'notifications').as('settings'))
    .where('n.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id, event: row.event, status: row.status, channel: row.channel ?? null, idempotencyKey: row.idempotency_key,
    handedOverAt: row.handed_over_at ?? null, updatedAt: row.updated_at, attempts: row.attempts,
    payload: row.payload ?? {},
    account: {
      id: row.account_id, accountNumber: row.account_number, firstName: row.first_name, lastName: row.last_name,
      email: row.email || null, phone: row.phone || null,
      preferredChannel: row.preferred_channel === 'sms' ? 'sms' : 'email', optedOut: row.notifications_opt_out,
    },
    orderType: row.order_type ?? null,
    settings: settingFrom('notifications', row.settings),
  };
}

/** What a claim saw: the row moves only if it still stands so (no other attempt claimed or finished it since). */
export type SeenNotification = Pick<ClaimedNotification, 'id' | 'status' | 'attempts' | 'handedOverAt'>;

function unchangedSince<QB extends WhereInterface<Database, 'notification'>>(query: QB, seen: SeenNotification): QB {
  return query.where('id', '=', seen.id).where('status', '=', seen.status).where('attempts', '=', seen.attempts)
    .where('handed_over_at', seen.handedOverAt ? 'is not' : 'is', null) as QB;
}

/** queued/sending → sending on `channel`, counting the attempt; false when the row changed since it was read. */
export async function markSending(em: EntityManager, seen: SeenNotification, channel: NotificationChannel): Promise<boolean> {
  const query = db(em).updateTable('notification')
    .set((eb) => ({ status: 'sending', channel, attempts: eb('attempts', '+', 1), handed_over_at: null, updated_at: sql`now()` }));
  const result = await unchangedSince(query, seen).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * The attempt is about to let the provider accept the message: committed before the message's end
 * goes out, so a later attempt that finds it knows delivery is unknown. Only a row still `sending` moves.
 */
export async function markHandedOver(em: EntityManager, id: number): Promise<void> {
  const result = await db(em).updateTable('notification').set({ handed_over_at: sql`now()` })
    .where('id', '=', id).where('status', '=', 'sending').executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new Error(`Notification ${id} is no longer being sent by this attempt.`);
}

/**
 * A final state reached without sending: `skipped` (opted out) or `failed` (nothing to send to, an
 * interrupted email); false when the row changed since it was read.
 */
export async function markUnsent(em: EntityManager, seen: SeenNotification, status: 'skipped' | 'failed', reason: string): Promise<boolean> {
  const query = db(em).updateTable('notification').set({ status, last_error: reason, updated_at: sql`now()` });
  const result = await unchangedSince(query, seen).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export interface SentRecord { id: number; accountId: number; providerMessageId: string; subject: string | null; body: string }

/**
 * `sent` with the provider's id, and the Communication tab's entry, in one statement (so one
 * commit, without a transaction's begin and commit round trips).
 * Whatever the row says by now, the provider accepted the message, so `sent` is the
 * truth; the communication is unique by notification, so recording twice adds one.
 */
export async function recordSent(em: EntityManager, sent: SentRecord): Promise<void> {
  await db(em)
    .with('sent', (q) => q.updateTable('notification')
      .set({ status: 'sent', provider_message_id: sent.providerMessageId, sent_at: sql`now()`, last_error: null, updated_at: sql`now()` })
      .where('id', '=', sent.id).returning('id'))
    .insertInto('communication')
    .values({
      account_id: sent.accountId, channel: 'system', direction: 'to_customer', subject: sent.subject, body: sent.body,
      occurred_at: sql`now()`, notification_id: sent.id, created_at: sql`now()`,
    })
    .onConflict((conflict) => conflict.column('notification_id').doNothing())
    .execute();
}

/** After a failed send: back to `queued` for the next try, or `failed` after the last one. Only a row still `sending` moves. */
export async function recordFailure(em: EntityManager, id: number, next: 'queued' | 'failed', reason: string): Promise<void> {
  await db(em).updateTable('notification')
    .set({ status: next, last_error: reason.slice(0, 1000), updated_at: sql`now()` })
    .where('id', '=', id).where('status', '=', 'sending').execute();
}
