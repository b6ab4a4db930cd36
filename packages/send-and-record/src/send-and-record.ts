import type { MailTransport, OutgoingMessage } from '@alerts/email';
import { recordInGroups } from './record-in-groups';
import type { SentRecord, SqlPool } from './record-sent';

// This module and the statement it records through import nothing heavy at run time, so the mailer's sender thread
// can load this package without the rest of delivery (templates, matching, Prisma).

/**
 * Send one message and, as soon as the server has accepted it, record it (see recordSent). The time between those two is the
 * only window in which a crash sends a message twice, so an implementation keeps it as short as it can.
 *
 * @throws the transport's EmailError when the send fails (nothing is recorded);
 *         {@link SentNotRecordedError} when the server accepted the message but the statement failed.
 */
export type SendAndRecord = (message: OutgoingMessage, record: SentRecord) => Promise<void>;

/** The server has the message but recording it failed: the job must not count it as a failed send. */
export class SentNotRecordedError extends Error {
  override readonly name = 'SentNotRecordedError';
}

/**
 * Send through `transport`, then record over a connection of `pool` taken before sending (so nothing is sent while no
 * connection can be had): as soon as the server has accepted the message its record joins the next group statement
 * (recordInGroups), so nothing but that statement, or the one in flight before it, stands between the server's reply
 * and the commit. What can still delay the commit is other work on the same thread, which is why the mailer process
 * runs this on a thread of its own.
 */
export function createSendAndRecord(transport: MailTransport, pool: SqlPool): SendAndRecord {
  const record = recordInGroups(pool);
  return async (message, sent) => {
    const connection = await pool.connect();
    try {
      await transport.send(message);
    } catch (error) {
      connection.release();
      throw error;
    }
    try {
      await record(sent, connection);
    } catch (error) {
      throw new SentNotRecordedError(`sent, but recording it failed: ${(error as Error).message}`, { cause: error });
    }
  };
}
