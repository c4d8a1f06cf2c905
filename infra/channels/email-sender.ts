/**
 * Email through SMTP with nodemailer. SMTP has no idempotency key, so the notification's
 * key becomes the Message-ID instead: a copy sent again after an interruption carries
 * the same Message-ID, which mail stores and clients use to fold duplicates. The sender
 * still never repeats an email on its own (see `dedupesByKey: false`).
 */
import { createHash } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { PermanentChannelError, type ChannelSender, type OutgoingMessage } from '../../domain/notifications/notification-channel.js';

export interface EmailSettings { smtpUrl: string; from: string; timeoutMs: number }

/** `<hash-of-key@sender-domain>`: stable for a key, and reveals nothing about the event. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'cistern.invalid';
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

/** 5xx SMTP replies (a refused address or message) will be refused again; everything else may pass later. */
function classify(error: unknown): Error {
  const smtp = error as { responseCode?: number; message?: string };
  if (typeof smtp.responseCode === 'number' && smtp.responseCode >= 500) {
    return new PermanentChannelError(`SMTP ${smtp.responseCode}: ${smtp.message ?? 'refused'}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function emailSender(settings: EmailSettings): ChannelSender {
  // A pool keeps a few SMTP connections open: no handshake per message under load.
  const transport = createTransport({
    url: settings.smtpUrl, pool: true, maxConnections: 5,
    connectionTimeout: settings.timeoutMs, greetingTimeout: settings.timeoutMs, socketTimeout: settings.timeoutMs,
  }, { from: settings.from });
  return {
    channel: 'email',
    dedupesByKey: false,
    async send(message: OutgoingMessage) {
      try {
        const info = await transport.sendMail({
          to: message.to, subject: message.subject ?? '', text: message.body,
          messageId: messageIdFor(message.idempotencyKey, settings.from),
        });
        return { providerMessageId: String(info.messageId) };
      } catch (error) {
        throw classify(error);
      }
    },
    close: () => transport.close(),
  };
}
