/**
 * What a notification channel (email, SMS) offers the sender: one `send` that either
 * returns the provider's message id or throws, saying whether trying again could help.
 */
import type { NotificationChannel } from '../common/enums.js';

export interface OutgoingMessage {
  /** An email address or an E.164 phone number. */
  to: string;
  /** Email only. */
  subject: string | null;
  body: string;
  /** The notification's idempotency key: the same key is the same message for the provider. */
  idempotencyKey: string;
  /**
   * Called, and awaited, after everything but the message's end has reached a provider that cannot
   * dedupe (e-mail: before the end-of-data mark): the provider cannot have accepted the message
   * before this resolves, and if it throws the message is abandoned unsent.
   */
  beforeHandOver?: () => Promise<void>;
}

export interface ChannelReceipt { providerMessageId: string }

export interface ChannelSender {
  channel: NotificationChannel;
  /**
   * True when the provider accepts a message only once per idempotency key (it answers a
   * repeat with the first message's id instead of sending again). Only then may the
   * sender repeat a send that was interrupted before its outcome was recorded.
   */
  dedupesByKey: boolean;
  send(message: OutgoingMessage): Promise<ChannelReceipt>;
  close?(): Promise<void> | void;
}

export type ChannelSenders = Record<NotificationChannel, ChannelSender>;

/**
 * The provider answered that it will not take the message now (an SMTP 4xx reply): it did not
 * accept it, so trying again later cannot make a second copy, even after the hand-over.
 */
export class ProviderDeferral extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderDeferral';
  }
}

/** A refusal that no retry can fix (a rejected address, a 4xx from the provider): the notification fails at once. */
export class PermanentChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentChannelError';
  }
}
