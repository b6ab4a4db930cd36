import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMessage } from './mail-transport';

/** Our message as nodemailer mail options. The Message-ID is ours, so retries can be traced end to end. */
export function toNodemailer(message: OutgoingMessage): SendMailOptions {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    // Base64 for the big HTML part: Buffer does it natively, while quoted-printable runs in JavaScript and was
    // the largest CPU cost of a send. The small text part keeps nodemailer's choice (quoted-printable), so it
    // stays readable in raw form.
    html: { content: message.html, contentTransferEncoding: 'base64' },
    text: message.text,
    messageId: message.messageId,
    envelope: { from: message.envelope.from, to: [message.envelope.to] },
    headers: message.headers,
  };
}
