/**
 * Email through SMTP with nodemailer. SMTP has no idempotency key, so the notification's
 * key becomes the Message-ID instead: a copy sent again after an interruption carries
 * the same Message-ID, which mail stores and clients use to fold duplicates. The sender
 * still never repeats an email on its own (see `dedupesByKey: false`).
 *
 * The server accepts a message only at the end-of-data mark, which SMTP sends when the
 * message's stream ends: holding that end until `beforeHandOver` has resolved lets the
 * caller record the moment after which delivery is possible (domain/notifications/notification-sender.ts).
 */
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { createTransport } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { PermanentChannelError, ProviderDeferral, type ChannelSender, type OutgoingMessage } from '../../domain/notifications/notification-channel.js';

export interface EmailSettings {
  smtpUrl: string; from: string; timeoutMs: number;
  /** Pooled connections (SMTP_POOL_CONNECTIONS) and messages per connection before a fresh one (SMTP_POOL_MAX_MESSAGES). */
  pool: { connections: number; maxMessages: number };
}

/** `<hash-of-key@sender-domain>`: stable for a key, and reveals nothing about the event. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'cistern.invalid';
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

/** A mailbox as nodemailer takes it without parsing: a string address is parsed again for each header and envelope of every message. */
export interface Mailbox { name: string; address: string }

/**
 * The sender setting (`Name <address>` or a bare address) parsed once, or the setting as it is when it
 * is not one mailbox (nodemailer then parses it per message, as before).
 */
export function senderMailbox(from: string): Mailbox | string {
  const parsed = addressparser(from);
  const [only] = parsed;
  return parsed.length === 1 && only.address ? { name: only.name, address: only.address } : from;
}

/**
 * 5xx SMTP replies (a refused address or message) will be refused again; a 4xx reply is the server
 * saying "not now" (it took nothing); anything else (a timeout, a dropped connection) may pass later.
 */
function classify(error: unknown): Error {
  const smtp = error as { responseCode?: number; message?: string };
  if (typeof smtp.responseCode === 'number' && smtp.responseCode >= 500) {
    return new PermanentChannelError(`SMTP ${smtp.responseCode}: ${smtp.message ?? 'refused'}`);
  }
  if (typeof smtp.responseCode === 'number' && smtp.responseCode >= 400) {
    return new ProviderDeferral(`SMTP ${smtp.responseCode}: ${smtp.message ?? 'deferred'}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Passes the message through and ends it only once `release` has resolved; a refusal aborts it unsent. */
function endHeldUntil(release: () => Promise<void>): Transform {
  return new Transform({
    transform: (chunk, _encoding, callback) => callback(null, chunk),
    flush: (callback) => { release().then(() => callback(), (error: Error) => callback(error)); },
  });
}

/**
 * The consumer's address as one mailbox, whatever it holds: given as a string, nodemailer would parse it
 * (per header and per envelope) and could read a comma in it as a second recipient.
 */
const recipient = (address: string): Mailbox => ({ name: '', address: address.trim() });

export function emailSender(settings: EmailSettings): ChannelSender {
  // A pool keeps a few SMTP connections open: no handshake per message under load.
  const transport = createTransport({
    url: settings.smtpUrl, pool: true, maxConnections: settings.pool.connections, maxMessages: settings.pool.maxMessages,
    connectionTimeout: settings.timeoutMs, greetingTimeout: settings.timeoutMs, socketTimeout: settings.timeoutMs,
  }, { from: senderMailbox(settings.from) });
  // Each message's hand-over hook, by its Message-ID, for the stream step below.
  const handOvers = new Map<string, () => Promise<void>>();
  transport.use('stream', (mail, done) => {
    const release = handOvers.get(String(mail.data.messageId));
    if (release) mail.message.transform(endHeldUntil(release));
    done();
  });
  return {
    channel: 'email',
    dedupesByKey: false,
    async send(message: OutgoingMessage) {
      const messageId = messageIdFor(message.idempotencyKey, settings.from);
      if (message.beforeHandOver) handOvers.set(messageId, message.beforeHandOver);
      try {
        const info = await transport.sendMail({ to: recipient(message.to), subject: message.subject ?? '', text: message.body, messageId });
        return { providerMessageId: String(info.messageId) };
      } catch (error) {
        throw classify(error);
      } finally {
        handOvers.delete(messageId);
      }
    },
    close: () => transport.close(),
  };
}
