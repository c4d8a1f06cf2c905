/**
 * The jobs worker's half of registration (docs/rules.md#consumer-portal-identity): writes and sends
 * one e-mail about a registration request. A confirmation link is sent only while it is still usable;
 * the outbox row (registration and letter) is the message's idempotency key.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import type { ChannelSender } from '../notifications/notification-channel.js';
import { confirmationTokenFor } from './portal-registration.js';
import { PORTAL_LETTERS, type PortalLetter } from './registration-rules.js';

/** Where the links point and the secret they are made with. */
export interface PortalLinks { baseUrl: string; secret: string }

interface LetterFacts {
  email: string;
  accountNumber: string;
  onFileEmail: string | null;
  nonce: string | null;
  usable: boolean;
  expiresAt: Date;
}

export function isPortalLetter(value: unknown): value is PortalLetter {
  return typeof value === 'string' && (PORTAL_LETTERS as readonly string[]).includes(value);
}

/** The message of one letter: to whom, the subject and the text; null when there is nothing to send any more. */
export function composeLetter(letter: PortalLetter, facts: LetterFacts, links: PortalLinks): { to: string; subject: string; body: string } | null {
  const base = links.baseUrl.replace(/\/$/, '');
  const ignore = 'If this was not you, you can ignore this message; nothing changes without the link.';
  switch (letter) {
    case 'confirm_link': {
      if (!facts.usable || !facts.nonce) return null;
      const link = `${base}/my/confirm?token=${confirmationTokenFor(links.secret, facts.nonce)}`;
      return {
        to: facts.email, subject: 'Confirm your Cistern portal access',
        body: [
          `You asked for access to account ${facts.accountNumber} in the self-service portal.`, '',
          'Open this link and press "Confirm" to finish:', '', link, '',
          `It works once, until ${facts.expiresAt.toISOString()}.`, ignore,
        ].join('\n'),
      };
    }
    case 'email_in_use':
      return {
        to: facts.email, subject: 'Someone asked for portal access with your e-mail',
        body: [
          `Someone asked for self-service portal access to account ${facts.accountNumber} with this e-mail address,`,
          'which already signs in to Cistern, so no new access was made.', '',
          `If it was you, sign in at ${base}/login with your existing password.`, ignore,
        ].join('\n'),
      };
    case 'account_taken':
      return {
        to: facts.email, subject: 'This account already has portal access',
        body: [
          `Account ${facts.accountNumber} already has self-service portal access, so no new access was made.`,
          'If you need to change who signs in for it, call customer service.', ignore,
        ].join('\n'),
      };
    case 'on_file_notice':
      if (!facts.onFileEmail) return null;
      return {
        to: facts.onFileEmail, subject: 'A portal registration for your account',
        body: [
          `Someone asked for self-service portal access to account ${facts.accountNumber} with the e-mail address ${facts.email}.`, '',
          'If that was you or someone you trust, nothing needs doing.',
          'If not, call customer service: they can see and revoke portal access.',
        ].join('\n'),
      };
  }
}

/** Sends one letter of a registration; 'skipped' when it no longer applies (a used or expired link). */
export async function mailPortalLetter(
  em: EntityManager, registrationId: number, letter: PortalLetter, email: ChannelSender, links: PortalLinks,
): Promise<'sent' | 'skipped'> {
  const row = await db(em).selectFrom('portal_registration').leftJoin('account', 'account.id', 'portal_registration.account_id')
    .select([
      'portal_registration.email', 'portal_registration.account_number as accountNumber', 'account.email as onFileEmail',
      'portal_registration.nonce', 'portal_registration.expires_at as expiresAt',
      sql<boolean>`portal_registration.used_at is null and portal_registration.expires_at > now()`.as('usable'),
    ])
    .where('portal_registration.id', '=', registrationId).executeTakeFirst();
  if (!row) return 'skipped';
  const message = composeLetter(letter, row, links);
  if (!message) return 'skipped';
  await email.send({ ...message, idempotencyKey: `portal_registration:${registrationId}:${letter}` });
  return 'sent';
}
