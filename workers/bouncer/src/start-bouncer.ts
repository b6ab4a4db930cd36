import type { AddressInfo } from 'node:net';
import { UnreadableMessageError } from '@alerts/bounces';
import { verpDecode } from '@alerts/email';
import type { Logger } from '@alerts/logger';
import { bounceReportsFromMessage, type BounceOutcome, type BounceReport } from '@alerts/delivery';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface BouncerOptions {
  /** The envelope sender the mailer uses (MAIL_ENVELOPE_FROM, else the From address): `{recipient}` is the VERP part. */
  returnAddress: string;
  host: string;
  port: number;
  /** Largest message accepted, in bytes; a bigger one is refused with 552. */
  maxBytes: number;
  /** Acts on what a message reports (recordBounceReports with the database and policy bound). */
  record: (reports: BounceReport[]) => Promise<BounceOutcome[]>;
  logger: Logger;
}

const MAX_RECIPIENTS = 50;

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/**
 * The SMTP receiver for the bounce address. It takes mail only for our return address (the VERP form
 * `bounces+ann=example.com@…` or the template itself; any other recipient gets 550), reads each message with
 * parseBounce, naming the VERP-decoded recipient when the bounce names none, and acts on it. Replies: 250 once
 * acted on (also for a message that is no bounce, or no message at all: sending it again would change nothing);
 * 451 when the database failed, so the sending server tries again later; 552 for a message over `maxBytes`.
 * No AUTH and no STARTTLS: it is the receiving end of an MX, or sits behind the MTA that is.
 */
export async function startBouncer(options: BouncerOptions) {
  const { logger } = options;
  const server = new SMTPServer({
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    size: options.maxBytes,
    rejectOversized: true,
    banner: 'bounces only',
    logger: false,
    onRcptTo(address, session, callback) {
      if (!verpDecode(options.returnAddress, address.address).ours)
        return callback(smtpError(550, '5.1.1 No such mailbox here: this server takes bounces only'));
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS)
        return callback(smtpError(452, '4.5.3 Too many recipients'));
      callback();
    },
    onData(stream, session, callback) {
      void readMessage(stream, options.maxBytes)
        .then(async (raw) => {
          if (stream.sizeExceeded || !raw) return callback(smtpError(552, '5.3.4 Message too big'));
          const decoded = new Set(
            session.envelope.rcptTo
              .map((rcpt) => verpDecode(options.returnAddress, rcpt.address).recipient)
              .filter((r): r is string => !!r),
          );
          // One VERP recipient names whom the bounce is about; several (a server batching bounces) name no one.
          const verpRecipient = decoded.size === 1 ? [...decoded][0] : undefined;
          let reports: BounceReport[];
          try {
            reports = bounceReportsFromMessage(raw, { verpRecipient });
          } catch (error) {
            if (!(error instanceof UnreadableMessageError)) throw error;
            logger.warn({ bytes: raw.length }, 'bouncer: not an email message; accepted and dropped');
            return callback(null, 'Not a message; dropped');
          }
          try {
            const outcomes = await options.record(reports);
            logger.info(
              {
                reports: reports.length,
                actions: outcomes.map((o) => `${o.kind}:${o.action}${o.unsubscribed ? ':unsubscribed' : ''}`),
              },
              'bouncer: message read',
            );
            callback(null, reports.length ? `Recorded ${reports.length}` : 'No bounce found; dropped');
          } catch (error) {
            logger.error({ err: error }, 'bouncer: could not record; the sender will retry');
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          }
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'bouncer: could not read the message');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        });
    },
  });
  server.on('error', (error) => logger.warn({ err: error }, 'bouncer: connection error'));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const { address, port } = server.server.address() as AddressInfo;
  return {
    address: `smtp://${address}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The whole message, or null once it passed `maxBytes` (the rest is drained, not kept). */
function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
    });
    stream.on('error', reject);
    stream.on('end', () => resolve(bytes > maxBytes ? null : Buffer.concat(chunks)));
  });
}
