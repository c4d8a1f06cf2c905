/**
 * Sends one notification at most once for its event (docs/rules.md#notifications):
 *
 *   1. claim   — lock the row; `queued` → `sending`, attempts + 1 (committed before sending)
 *   2. send    — on the consumer's channel, passing the notification's idempotency key
 *   3. record  — `sent` + provider message id + the Communication-tab entry (one transaction)
 *
 * A retried job finds the row `sent` (or `skipped`/`failed`) and does nothing. A job that
 * finds the row still `sending` follows an attempt that never recorded its outcome, so
 * the message may have left: SMS repeats the send with the same key (the provider
 * answers with the first message instead of sending again). Email cannot be recalled or
 * deduplicated by the server, but the server accepts nothing before the message's end:
 * each attempt commits `handed_over_at` just before sending that end. An attempt found
 * without it never reached that point, so the email is sent again (same Message-ID);
 * one found with it may have been delivered, so it is marked `failed` ("delivery
 * unknown") for an admin to check and retry by hand, rather than risking a second copy.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { NotificationChannel } from '../common/enums.js';
import { getSettingInTransaction } from '../settings/settings.js';
import { lockNotification, markHandedOver, markSending, markUnsent, recordFailure, recordSent, type ClaimedNotification } from './notification-claim.js';
import { PermanentChannelError, ProviderDeferral, type ChannelSenders } from './notification-channel.js';
import { renderNotification, type RenderedNotification } from './notification-templates.js';
import { toE164 } from './phone-numbers.js';

export interface SenderDeps {
  orm: MikroORM;
  channels: ChannelSenders;
  timeZone: string;
  /** The channels' own time limit for one send; an unfinished attempt older than a few of these is over. */
  sendTimeoutMs: number;
}

/** Which try this is, from the job: the last one turns a failure into `failed`. */
export interface Attempt { number: number; of: number }

export type SendOutcome =
  | { kind: 'sent'; channel: NotificationChannel; providerMessageId: string }
  | { kind: 'skipped' | 'already_final' | 'missing' }
  /** Final: `retryable` false means trying again cannot help (refused address, unknown delivery). */
  | { kind: 'failed'; reason: string; retryable: boolean }
  /** Try again later (BullMQ backoff). */
  | { kind: 'retry'; reason: string };

interface Claimed { row: ClaimedNotification; channel: NotificationChannel; to: string; message: RenderedNotification }

const FINAL = new Set(['sent', 'skipped', 'failed']);

function addressFor(row: ClaimedNotification, channel: NotificationChannel): string | null {
  if (channel === 'email') return row.account.email;
  return row.account.phone ? toE164(row.account.phone) : null;
}

/** The consumer's preferred channel, or the other one when there is nothing to send the preferred one to. */
function route(row: ClaimedNotification): { channel: NotificationChannel; to: string } | null {
  const order: NotificationChannel[] = row.account.preferredChannel === 'sms' ? ['sms', 'email'] : ['email', 'sms'];
  for (const channel of order) {
    const to = addressFor(row, channel);
    if (to) return { channel, to };
  }
  return null;
}

async function claim(em: EntityManager, deps: SenderDeps, id: number): Promise<SendOutcome | Claimed> {
  const row = await lockNotification(em, id);
  if (!row) return { kind: 'missing' };
  if (FINAL.has(row.status)) return { kind: 'already_final' };
  if (row.account.optedOut) {
    await markUnsent(em, id, 'skipped', 'The consumer opted out of notifications.', null);
    return { kind: 'skipped' };
  }
  const target = route(row);
  if (!target) {
    await markUnsent(em, id, 'failed', 'The account has no email address and no mobile number.', null);
    return { kind: 'failed', reason: 'no contact', retryable: false };
  }
  if (row.status === 'sending' && !deps.channels[row.channel ?? target.channel].dedupesByKey) {
    const unfinished = unfinishedAttempt(row, deps.sendTimeoutMs);
    if (unfinished.kind === 'failed') await markUnsent(em, id, 'failed', unfinished.reason, null);
    if (unfinished.kind !== 'send_again') return unfinished;
  }
  // A repeat after an interruption keeps the channel it started on: the provider dedupes per channel.
  const resumedTo = row.status === 'sending' && row.channel ? addressFor(row, row.channel) : null;
  const channel = resumedTo && row.channel ? row.channel : target.channel;
  const to = resumedTo ?? target.to;
  const settings = await getSettingInTransaction(em, 'notifications');
  const message = renderNotification(row.event, channel, { account: row.account, payload: row.payload, orderType: row.orderType }, settings, deps.timeZone);
  await markSending(em, id, channel);
  return { row, channel, to, message };
}

/** A send of an e-mail may take the connect, greeting and data time limits one after the other. */
const ATTEMPT_LEASE_TIMEOUTS = 3;

/** What to do about an earlier attempt on a channel that cannot dedupe, found unfinished. */
function unfinishedAttempt(row: ClaimedNotification, sendTimeoutMs: number): SendOutcome | { kind: 'send_again' } {
  if (row.handedOverAt) {
    return { kind: 'failed', reason: 'Interrupted after it was handed to the mail server: it may or may not have been delivered. Check before retrying.', retryable: false };
  }
  // Younger than its time limits, the attempt may still be at work in a worker that is alive but slow.
  if (Date.now() - row.updatedAt.getTime() < ATTEMPT_LEASE_TIMEOUTS * sendTimeoutMs) {
    return { kind: 'retry', reason: 'An earlier attempt may still be sending; trying again later.' };
  }
  return { kind: 'send_again' };
}

const inTransaction = <T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>) =>
  orm.em.fork().transactional(work);

/** Claim, send, record; never throws for a channel failure (the outcome says what to do). */
export async function sendNotification(deps: SenderDeps, id: number, attempt: Attempt): Promise<SendOutcome> {
  const claimed = await inTransaction(deps.orm, (em) => claim(em, deps, id));
  if ('kind' in claimed) return claimed;
  const { row, channel, to, message } = claimed;
  let handedOver = false;
  const beforeHandOver = deps.channels[channel].dedupesByKey ? undefined : async () => {
    await inTransaction(deps.orm, (em) => markHandedOver(em, id));
    handedOver = true;
  };
  let providerMessageId: string;
  try {
    ({ providerMessageId } = await deps.channels[channel].send({ to, subject: message.subject, body: message.body, idempotencyKey: row.idempotencyKey, beforeHandOver }));
  } catch (error) {
    const permanent = error instanceof PermanentChannelError;
    // After the hand-over only the provider's own answer says the message was not taken.
    if (handedOver && !permanent && !(error instanceof ProviderDeferral)) {
      const reason = `${channel}: ${(error as Error).message}, after the message was handed over: it may or may not have been delivered. Check before retrying.`;
      await inTransaction(deps.orm, (em) => recordFailure(em, id, 'failed', reason));
      return { kind: 'failed', reason, retryable: false };
    }
    const reason = `${channel}: ${(error as Error).message}`;
    const last = permanent || attempt.number >= attempt.of;
    await inTransaction(deps.orm, (em) => recordFailure(em, id, last ? 'failed' : 'queued', reason));
    return last ? { kind: 'failed', reason, retryable: !permanent } : { kind: 'retry', reason };
  }
  await inTransaction(deps.orm, (em) => recordSent(em, { id, accountId: row.account.id, providerMessageId, subject: message.subject ?? smsSubject(row), body: message.body }));
  return { kind: 'sent', channel, providerMessageId };
}

/** SMS have no subject; the Communication tab still says what the text was about. */
function smsSubject(row: ClaimedNotification): string {
  return `Text message: ${row.event.replaceAll('_', ' ')}`;
}
