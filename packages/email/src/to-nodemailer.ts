import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMessage } from './mail-transport';

/** Our message as nodemailer mail options. The Message-ID is ours, so retries can be traced end to end. */
export function toNodemailer(message: OutgoingMessage): SendMailOptions {
  return {
    from: message.from,
    to: message.to,
    subject: message.subject,
    // Base64 for both parts: Buffer encodes it natively, while quoted-printable (and nodemailer's scan to choose
    // an encoding) runs in JavaScript over every character and was the largest CPU cost of a send.
    html: { content: message.html, contentTransferEncoding: 'base64' },
    text: { content: message.text, contentTransferEncoding: 'base64' },
    messageId: message.messageId,
    envelope: { from: message.envelope.from, to: [message.envelope.to] },
    headers: message.headers,
  };
}
