/**
 * Logging a communication with the consumer (docs/rules.md#consumer-profile): a phone call with its length and
 * notes, an email or an SMS, each with its direction. `system` messages are not logged
 * by hand: the notification sender writes them when Cistern itself tells the consumer.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import type { CommunicationChannel, Direction } from '../common/enums.js';
import { Invalid } from '../common/errors.js';
import { MAX_CALL_SECONDS } from './call-duration.js';
import { audit } from '../audit/audit.js';
import type { CommunicationItem } from './profile-records.js';
import { findAccount } from '../accounts/account-record.js';
import { FUTURE_SLACK_MS, optionalText, requiredText } from './record-writes.js';

/** The channels an agent logs; `system` is Cistern's own. */
export const LOGGED_CHANNELS = ['email', 'phone', 'sms'] as const satisfies readonly CommunicationChannel[];
export type LoggedChannel = (typeof LOGGED_CHANNELS)[number];

export const SUBJECT_MAX_LENGTH = 255;
export const COMMUNICATION_MAX_LENGTH = 10_000;

export interface NewCommunication {
  channel: CommunicationChannel;
  direction: Direction;
  subject?: string | null;
  body: string;
  /** A phone call's length; required for calls, refused for anything else. */
  durationSeconds?: number | null;
  /** When it happened; now when not given. */
  occurredAt?: Date | null;
}

function checkDuration(channel: CommunicationChannel, seconds: number | null | undefined): number | null {
  const given = seconds !== null && seconds !== undefined;
  if (channel !== 'phone') {
    if (given) throw new Invalid('Only a phone call has a duration.', { durationSeconds: 'only for phone calls' });
    return null;
  }
  if (!given) throw new Invalid('A phone call is logged with its duration.', { durationSeconds: 'required for a phone call' });
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > MAX_CALL_SECONDS) {
    throw new Invalid('A call lasts from 0 seconds to a day.', { durationSeconds: `whole seconds, 0 to ${MAX_CALL_SECONDS}` });
  }
  return seconds;
}

/** The checked values, or Invalid naming the field; nothing is written before this passes. */
function checkCommunication(input: NewCommunication, now: Date) {
  if (!(LOGGED_CHANNELS as readonly string[]).includes(input.channel)) {
    throw new Invalid('System messages are recorded by Cistern itself; log an email, a phone call or an SMS.', { channel: 'email, phone or sms' });
  }
  const occurredAt = input.occurredAt ?? now;
  if (Number.isNaN(occurredAt.getTime())) throw new Invalid('When did it happen?', { occurredAt: 'not a date and time' });
  if (occurredAt.getTime() > now.getTime() + FUTURE_SLACK_MS) throw new Invalid('A communication cannot be in the future.', { occurredAt: 'in the future' });
  return {
    channel: input.channel, direction: input.direction, occurredAt,
    subject: optionalText(input.subject, 'subject', SUBJECT_MAX_LENGTH),
    body: requiredText(input.body, 'body', COMMUNICATION_MAX_LENGTH),
    durationSeconds: checkDuration(input.channel, input.durationSeconds),
  };
}

/** Logs one communication on the account. */
export async function logCommunication(em: EntityManager, accountNumber: string, input: NewCommunication, actor: Actor): Promise<CommunicationItem> {
  const values = checkCommunication(input, new Date());
  return em.transactional(async (tx) => {
    const account = await findAccount(tx, accountNumber);
    const { durationSeconds, occurredAt, ...text } = values;
    const item = await db(tx).insertInto('communication').values({
      account_id: account.id, ...text, duration_seconds: durationSeconds, occurred_at: occurredAt, created_by_id: actor.userId, created_at: sql`now()`,
    }).returning(['id', 'channel', 'direction', 'subject', 'body', 'duration_seconds as durationSeconds', 'occurred_at as occurredAt'])
      .executeTakeFirstOrThrow();
    await audit(tx, {
      userId: actor.userId, userName: actor.name, action: 'communication.create', entity: 'communication', entityId: String(item.id),
      after: { accountNumber: account.accountNumber, ...values, occurredAt: item.occurredAt.toISOString() },
    });
    return { ...item, createdBy: actor.name, notificationId: null };
  });
}
