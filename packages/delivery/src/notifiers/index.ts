import { emailNotifier, type EmailMessage } from './email';
import type { Notifier } from './notifier';
import { webhookNotifier, type WebhookMessage } from './webhook';

export type { Notifier, NotifyOutcome, SentRecordDraft } from './notifier';

/** A message one of the channels below sends: a new channel adds its message type here. */
export type ChannelMessage = EmailMessage | WebhookMessage;
export type Channel = ChannelMessage['channel'];
export type MessageOf<C extends Channel> = Extract<ChannelMessage, { channel: C }>;

/** One notifier per channel: the type makes a channel without one fail to compile. */
export const notifiers: { readonly [C in Channel]: Notifier<MessageOf<C>> } = {
  email: emailNotifier,
  webhook: webhookNotifier,
};
