/**
 * Sends one notification at most once for its event (docs/rules.md#notifications):
 *
 *   1. claim   — read the row; `queued` → `sending`, attempts + 1, only if it is unchanged since
 *                it was read, so two attempts never both claim it (committed before sending)
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
import type { MikroORM } from '@mikro-orm/postgresql';
import type { NotificationChannel } from '../common/enums.js';
import { markUnsent, recordFailure, type ClaimedNotification } from './notification-claim.js';
import { notificationStatements, type NotificationStatements } from './notification-statements.js';
import { PermanentChannelError, ProviderDeferral, type ChannelSenders } from './notification-channel.js';
import { renderNotification, type RenderedNotification } from './notification-templates.js';
import { addressOf, routeOf } from './notification-route.js';

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

const addressFor = (row: ClaimedNotification, channel: NotificationChannel) => addressOf(row.account, channel);
const route = (row: ClaimedNotification) => routeOf(row.account);

/** Reads the row and moves it as the rules say, each write conditional on the row as read; a row that changed meanwhile is read again. */
async function claim(deps: SenderDeps, statements: NotificationStatements, id: number): Promise<SendOutcome | Claimed> {
  for (let read = 0; read < CLAIM_READS; read++) {
    const row = await statements.read(id);
    if (!row) return { kind: 'missing' };
    const decision = decide(row, deps);
    if (decision.kind === 'send') {
      if (await statements.claim(row, decision.channel)) return { row, channel: decision.channel, to: decision.to, message: decision.message };
    } else if (!decision.write || await markUnsent(deps.orm.em.fork(), row, decision.write.status, decision.write.reason)) {
      return decision.outcome;
    }
  }
  return { kind: 'retry', reason: 'The notification kept changing while it was being claimed; trying again later.' };
}

/** Another attempt moving the row between our read and write is rare: a few reads settle it. */
const CLAIM_READS = 3;

type Decision =
  | { kind: 'send'; channel: NotificationChannel; to: string; message: RenderedNotification }
  | { kind: 'stop'; outcome: SendOutcome; write?: { status: 'skipped' | 'failed'; reason: string } };

/** What to do with the row as read: send it (on which channel, to whom, what), or stop (writing a final state or not). */
function decide(row: ClaimedNotification, deps: SenderDeps): Decision {
  if (FINAL.has(row.status)) return { kind: 'stop', outcome: { kind: 'already_final' } };
  if (row.account.optedOut) {
    return { kind: 'stop', outcome: { kind: 'skipped' }, write: { status: 'skipped', reason: 'The consumer opted out of notifications.' } };
  }
  if (row.event === 'appointment_reminder' && !visitStillBooked(row)) {
    const reason = 'The visit was cancelled, started or moved before the reminder went out.';
    return { kind: 'stop', outcome: { kind: 'skipped' }, write: { status: 'skipped', reason } };
  }
  const target = route(row);
  if (!target) {
    const reason = 'The account has no email address and no mobile number.';
    return { kind: 'stop', outcome: { kind: 'failed', reason: 'no contact', retryable: false }, write: { status: 'failed', reason } };
  }
  if (row.status === 'sending' && !deps.channels[row.channel ?? target.channel].dedupesByKey) {
    const unfinished = unfinishedAttempt(row, deps.sendTimeoutMs);
    if (unfinished.kind === 'failed') return { kind: 'stop', outcome: unfinished, write: { status: 'failed', reason: unfinished.reason } };
    if (unfinished.kind !== 'send_again') return { kind: 'stop', outcome: unfinished };
  }
  // A repeat after an interruption keeps the channel it started on: the provider dedupes per channel.
  const resumedTo = row.status === 'sending' && row.channel ? addressFor(row, row.channel) : null;
  const channel = resumedTo && row.channel ? row.channel : target.channel;
  const message = renderNotification(row.event, channel, { account: row.account, payload: row.payload, orderType: row.orderType }, row.settings, deps.timeZone);
  return { kind: 'send', channel, to: resumedTo ?? target.to, message };
}

/**
 * Whether the visit a reminder is about is still booked: a reminder held for quiet hours, or queued behind others,
 * may reach its turn after the order was cancelled, started or rescheduled (docs/rules.md#service-orders).
 */
function visitStillBooked(row: ClaimedNotification): boolean {
  const visit = row.orderVisit;
  const remindedOf = Date.parse(String(row.payload.scheduledFor ?? ''));
  return visit !== null && visit.status === 'scheduled' && visit.scheduledFor !== null && visit.scheduledFor.getTime() === remindedOf;
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

/** Claim, send, record; never throws for a channel failure (the outcome says what to do). */
export async function sendNotification(deps: SenderDeps, id: number, attempt: Attempt): Promise<SendOutcome> {
  const statements = notificationStatements(deps.orm);
  const claimed = await claim(deps, statements, id);
  if ('kind' in claimed) return claimed;
  const { row, channel, to, message } = claimed;
  let handedOver = false;
  const beforeHandOver = deps.channels[channel].dedupesByKey ? undefined : async () => {
    if (!await statements.handOver(id)) throw new Error(`Notification ${id} is no longer being sent by this attempt.`);
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
      await recordFailure(deps.orm.em.fork(), id, 'failed', reason);
      return { kind: 'failed', reason, retryable: false };
    }
    const reason = `${channel}: ${(error as Error).message}`;
    const last = permanent || attempt.number >= attempt.of;
    await recordFailure(deps.orm.em.fork(), id, last ? 'failed' : 'queued', reason);
    return last ? { kind: 'failed', reason, retryable: !permanent } : { kind: 'retry', reason };
  }
  await statements.recordSent({ id, accountId: row.account.id, providerMessageId, subject: message.subject ?? smsSubject(row), body: message.body });
  return { kind: 'sent', channel, providerMessageId };
}

/** SMS have no subject; the Communication tab still says what the text was about. */
function smsSubject(row: ClaimedNotification): string {
  return `Text message: ${row.event.replaceAll('_', ' ')}`;
}
