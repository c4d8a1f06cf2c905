/**
 * The database half of sending a notification at most once: `readNotifications` reads the
 * rows as they stand, `markSending` moves each from what was read to `sending` (attempts + 1)
 * only if nobody moved it since (compare and set on status, attempts and hand-over), committed
 * before anything goes out; `recordSent` / `recordFailure` write the outcome after. Each is
 * one statement on its own, with no transaction held open, and the hot four take any number
 * of notifications: the sends running at once share them (notification-statements.ts), so a
 * busy worker spends four round trips on a whole group of notifications, not on each one.
 * A row found still `sending` was claimed by an attempt that never recorded its
 * outcome (a crash or a lost lock between send and record): the caller decides from the
 * channel whether sending again is safe.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { NotificationChannel, NotificationEvent, NotificationStatus } from '../common/enums.js';
import { db } from '../common/database.js';
import { arrayOf } from '../common/array-parameter.js';
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
  /** The order's visit as it stands now (a reminder is only for the visit still booked). */
  orderVisit: { status: string; scheduledFor: Date | null } | null;
  /** The `notifications` setting (templates), as stored now: read in the same statement. */
  settings: NotificationSettings;
}

/** The rows of `ids` with their consumers and the templates, as they stand (no lock), in one statement; an id that does not exist is missing from the map. */
export async function readNotifications(em: EntityManager, ids: readonly number[]): Promise<Map<number, ClaimedNotification>> {
  const rows = await db(em).selectFrom('notification as n')
    .innerJoin('account as a', 'a.id', 'n.account_id')
    .leftJoin('service_order as o', (join) => join.on('o.order_number', '=', sql<string>`n.payload->>'orderNumber'`))
    .select(['n.id', 'n.event', 'n.status', 'n.channel', 'n.idempotency_key', 'n.payload', 'n.handed_over_at', 'n.updated_at', 'n.attempts',
      'a.id as account_id', 'a.account_number', 'a.first_name', 'a.last_name', 'a.email', 'a.phone',
      'a.preferred_channel', 'a.notifications_opt_out', 'o.type as order_type', 'o.status as order_status', 'o.scheduled_for as order_scheduled_for'])
    .select((eb) => eb.selectFrom('setting').select('value').where('key', '=', 'notifications').as('settings'))
    .where(sql<boolean>`n.id = any(${sql.val([...ids])}::int[])`)
    .execute();
  return new Map(rows.map((row) => [row.id, {
    id: row.id, event: row.event, status: row.status, channel: row.channel ?? null, idempotencyKey: row.idempotency_key,
    handedOverAt: row.handed_over_at ?? null, updatedAt: row.updated_at, attempts: row.attempts,
    payload: row.payload ?? {},
    account: {
      id: row.account_id, accountNumber: row.account_number, firstName: row.first_name, lastName: row.last_name,
      email: row.email || null, phone: row.phone || null,
      preferredChannel: row.preferred_channel === 'sms' ? 'sms' : 'email', optedOut: row.notifications_opt_out,
    },
    orderType: row.order_type ?? null,
    orderVisit: row.order_status ? { status: row.order_status, scheduledFor: row.order_scheduled_for ?? null } : null,
    settings: settingFrom('notifications', row.settings),
  } satisfies ClaimedNotification]));
}

/** What a claim saw: the row moves only if it still stands so (no other attempt claimed or finished it since). */
export type SeenNotification = Pick<ClaimedNotification, 'id' | 'status' | 'attempts' | 'handedOverAt'>;

/** The rows as claims saw them, as `unnest`'s arrays in the columns (id, status, attempts, handed_over). */
function seenArrays(seen: readonly SeenNotification[]) {
  return sql`${arrayOf(seen, (s) => s.id)}::int[], ${arrayOf(seen, (s) => s.status)}::text[], ${arrayOf(seen, (s) => s.attempts)}::int[],
    ${arrayOf(seen, (s) => s.handedOverAt !== null)}::boolean[]`;
}

/** The compare-and-set of every move below: notification `n` still stands as its claim saw it (`c`, from `seenArrays`). */
const STILL_AS_SEEN = sql`n.id = c.id and n.status = c.status and n.attempts = c.attempts and (n.handed_over_at is not null) = c.handed_over`;

/** A claim to make: the row as it was read, and the channel it is to go out on. */
export interface Claim { seen: SeenNotification; channel: NotificationChannel }

/**
 * queued/sending → sending on each claim's channel, counting the attempt, in one statement; returns the ids
 * that moved (a row that changed since it was read does not). One claim per id: two claims of one row in
 * one statement would both seem to hold.
 */
export async function markSending(em: EntityManager, claims: readonly Claim[]): Promise<Set<number>> {
  const { rows } = await sql<{ id: number }>`update notification n
    set status = 'sending', channel = c.channel, attempts = n.attempts + 1, handed_over_at = null, updated_at = now()
    from unnest(${seenArrays(claims.map((c) => c.seen))}, ${arrayOf(claims, (c) => c.channel)}::text[]) as c(id, status, attempts, handed_over, channel)
    where ${STILL_AS_SEEN}
    returning n.id`.execute(db(em));
  return new Set(rows.map((row) => row.id));
}

/**
 * The attempts are about to let the provider accept their messages: committed before each message's end
 * goes out, so a later attempt that finds it knows delivery is unknown. Only rows still `sending` move;
 * returns the ids that did.
 */
export async function markHandedOver(em: EntityManager, ids: readonly number[]): Promise<Set<number>> {
  const { rows } = await sql<{ id: number }>`update notification set handed_over_at = now()
    where id = any(${sql.val([...ids])}::int[]) and status = 'sending' returning id`.execute(db(em));
  return new Set(rows.map((row) => row.id));
}

/**
 * A final state reached without sending: `skipped` (opted out) or `failed` (nothing to send to, an
 * interrupted email); false when the row changed since it was read.
 */
export async function markUnsent(em: EntityManager, seen: SeenNotification, status: 'skipped' | 'failed', reason: string): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`update notification n set status = ${status}, last_error = ${reason}, updated_at = now()
    from unnest(${seenArrays([seen])}) as c(id, status, attempts, handed_over)
    where ${STILL_AS_SEEN}
    returning n.id`.execute(db(em));
  return rows.length === 1;
}

export interface SentRecord { id: number; accountId: number; providerMessageId: string; subject: string | null; body: string }

/**
 * `sent` with the provider's id, and the Communication tab's entry, for any number of notifications in one
 * statement (so one commit, without a transaction's begin and commit round trips).
 * Whatever a row says by now, the provider accepted the message, so `sent` is the
 * truth; the communication is unique by notification, so recording twice adds one.
 */
export async function recordSent(em: EntityManager, records: readonly SentRecord[]): Promise<void> {
  const column = <T>(pick: (record: SentRecord) => T) => arrayOf(records, pick);
  await sql`with s as (
      select * from unnest(${column((r) => r.id)}::int[], ${column((r) => r.accountId)}::int[], ${column((r) => r.providerMessageId)}::text[],
        ${column((r) => r.subject)}::text[], ${column((r) => r.body)}::text[]) as s(id, account_id, provider_message_id, subject, body)
    ), sent as (
      update notification n set status = 'sent', provider_message_id = s.provider_message_id, sent_at = now(), last_error = null, updated_at = now()
      from s where n.id = s.id
    )
    insert into communication (account_id, channel, direction, subject, body, occurred_at, notification_id, created_at)
    select s.account_id, 'system', 'to_customer', s.subject, s.body, now(), s.id, now() from s
    on conflict (notification_id) do nothing`.execute(db(em));
}

/** After a failed send: back to `queued` for the next try, or `failed` after the last one. Only a row still `sending` moves. */
export async function recordFailure(em: EntityManager, id: number, next: 'queued' | 'failed', reason: string): Promise<void> {
  await db(em).updateTable('notification')
    .set({ status: next, last_error: reason.slice(0, 1000), updated_at: sql`now()` })
    .where('id', '=', id).where('status', '=', 'sending').execute();
}
