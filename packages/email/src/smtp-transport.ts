import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { toSendError } from './classify-smtp-error';
import { composeMime } from './compose-mime';
import { createDkimSigner } from './create-dkim-signer';
import { patchNodemailerDotStuffing } from './nodemailer-dot-stuffing-patch';
import type { DkimSettings, MailTransport, SendResult } from './mail-transport';
import { toNodemailer } from './to-nodemailer';

/** Options of {@link createSmtpTransport}. */
export interface SmtpTransportOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start). */
  smtpUrl: string;
  /** Open connections in the pool. Default 5. */
  maxConnections?: number;
  /** Messages per connection before it is recycled. Default 100. */
  maxMessagesPerConnection?: number;
  /**
   * Most messages per second over the whole pool, or `false` for no limit. Default 100: a safe floor for
   * relays (raise it to what yours allows).
   */
  maxMessagesPerSecond?: number | false;
  /** Sign every message. */
  dkim?: DkimSettings;
  /** Accept self-signed certificates (test relays only). Default false. */
  allowSelfSignedCertificates?: boolean;
}

/** Send through an SMTP relay over a pool of connections, at most `maxMessagesPerSecond`. */
export function createSmtpTransport(options: SmtpTransportOptions): MailTransport {
  const url = new URL(options.smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`smtpUrl must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  const secure = url.protocol === 'smtps:';
  // Process-wide: swaps nodemailer's byte-by-byte DATA escaper for ours (see the module's warning).
  patchNodemailerDotStuffing();
  const rate = options.maxMessagesPerSecond ?? 100;
  // Signed here, on the finished bytes, rather than by nodemailer's `dkim` option, which cannot over-sign.
  const signDkim = options.dkim ? createDkimSigner(options.dkim) : undefined;
  const transporter = nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    maxConnections: options.maxConnections ?? 5,
    maxMessages: options.maxMessagesPerConnection ?? 100,
    ...(rate === false ? {} : { rateDelta: 1000, rateLimit: rate }),
    ...(options.allowSelfSignedCertificates ? { tls: { rejectUnauthorized: false } } : {}),
  });
  return {
    async send(message): Promise<SendResult> {
      try {
        // Compose the whole message into one buffer first: streamed straight to the socket, nodemailer writes each
        // 76-character base64 line separately, and those ~1,000 small writes per digest were the mailer's largest
        // cost (bench:pipeline profile). As one raw buffer it goes out in a few writes.
        // composeMime writes our one message shape directly; anything else goes through nodemailer's composer. DKIM signs
        // the finished buffer.
        const composed = composeMime(message) ?? (await new MailComposer(toNodemailer(message)).compile().build());
        const raw = signDkim ? signDkim(composed) : composed;
        const info = await transporter.sendMail({
          envelope: { from: message.envelope.from, to: [message.envelope.to] },
          raw,
        });
        return {
          messageId: message.messageId,
          accepted: info.accepted.map(String),
          rejected: info.rejected.map(String),
          response: info.response,
        };
      } catch (error) {
        throw toSendError(error);
      }
    },
    async close() {
      transporter.close();
    },
  };
}
