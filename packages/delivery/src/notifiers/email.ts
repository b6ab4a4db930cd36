import { buildMessage, isEmailError, type RenderedEmail } from '@alerts/email';
import { SentNotRecordedError } from '@alerts/send-and-record';
import type { Notifier } from './notifier';

/** An email, rendered: the notifier wraps it in headers (Message-ID from the delivery's id, List-Unsubscribe …). */
export interface EmailMessage {
  channel: 'email';
  rendered: RenderedEmail;
  unsubscribeUrl: string;
  /** Feedback-ID's kind: receivers' complaint rates then tell confirmations from digests. */
  feedbackKind: string;
}

/**
 * Email through `deps.sendAndRecord` (the mailer's sender thread, or this thread): the Message-ID is the delivery's
 * id, so a retry sends the same message under the same id. An SMTP 5xx refuses the recipient; anything else is
 * retried later.
 */
export const emailNotifier: Notifier<EmailMessage> = {
  async send(deps, _client, message, record) {
    const { config } = deps;
    const outgoing = buildMessage({
      to: record.email,
      from: config.from,
      ...(config.envelopeFrom ? { envelopeFrom: config.envelopeFrom } : {}),
      rendered: message.rendered,
      unsubscribeUrl: message.unsubscribeUrl,
      ...(config.unsubscribeMailto ? { unsubscribeMailto: config.unsubscribeMailto } : {}),
      messageIdDomain: config.messageIdDomain,
      messageIdLocalPart: record.deliveryId,
      feedbackKind: message.feedbackKind,
    });
    try {
      await deps.sendAndRecord(outgoing, { ...record, messageId: outgoing.messageId, sentAt: new Date() });
    } catch (error) {
      // Sent but not recorded: the retry finds the row still owed and sends again, with the same Message-ID and
      // matches. Nothing better is possible; say so loudly.
      if (error instanceof SentNotRecordedError) throw error;
      // SMTP replies often quote the recipient: the address stays out of the row's error and of the job's outcome or
      // failure, which Redis keeps after the address is erased everywhere else.
      const detail = withoutAddress(String((error as Error).message ?? error), record.email).slice(0, 1000);
      const permanent = isEmailError(error) && error.code === 'EMAIL_SEND_PERMANENT';
      return permanent ? { status: 'recipient-refused', error: detail } : { status: 'retry-later', error: detail };
    }
    return { status: 'sent', messageId: outgoing.messageId };
  },
};

/** `text` with every spelling of `email` (any case) replaced by `<recipient>`. */
function withoutAddress(text: string, email: string): string {
  if (!email) return text;
  return text.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '<recipient>');
}
