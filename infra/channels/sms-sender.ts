/**
 * SMS through an HTTP provider, shaped like the common SMS APIs: POST JSON
 * `{from, to, body}` with a bearer key and an `Idempotency-Key` header, answered with the
 * message's `id` (or `sid` / `messageId`). The provider accepts a key once and answers a
 * repeat with the first message, so a send interrupted before its outcome was recorded
 * can be repeated safely.
 */
import { PermanentChannelError, type ChannelSender, type OutgoingMessage } from '../../domain/notifications/notification-channel.js';

export interface SmsSettings { url: string; apiKey: string; from: string; timeoutMs: number }

/** 4xx means "this request will never work", except these, which say "not now". */
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

function messageIdOf(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  const id = record.id ?? record.sid ?? record.messageId ?? record.message_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

export function smsSender(settings: SmsSettings): ChannelSender {
  return {
    channel: 'sms',
    dedupesByKey: true,
    async send(message: OutgoingMessage) {
      const response = await fetch(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json', authorization: `Bearer ${settings.apiKey}`, 'idempotency-key': message.idempotencyKey,
        },
        body: JSON.stringify({ from: settings.from, to: message.to, body: message.body }),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      const text = await response.text();
      if (response.status >= 400 && response.status < 500 && !RETRYABLE_4XX.has(response.status)) {
        throw new PermanentChannelError(`SMS provider refused (${response.status}): ${text.slice(0, 200)}`);
      }
      if (!response.ok) throw new Error(`SMS provider answered ${response.status}: ${text.slice(0, 200)}`);
      const id = messageIdOf(text ? JSON.parse(text) as unknown : null);
      if (!id) throw new Error('SMS provider answered without a message id');
      return { providerMessageId: id };
    },
  };
}
