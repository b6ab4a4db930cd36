import type { MailTransport, OutgoingMessage } from '@alerts/email';

// This module imports nothing at run time, so the mailer's sender thread can load it without the rest of the
// pipeline (templates, matching, Prisma): see the package's "./send-and-record" export.

/** A named statement to run the moment the SMTP server has accepted a message (structured-cloneable values). */
export interface RecordStatement {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * Send one message and, as soon as the server has accepted it, run `record`. The time between those two is the
 * only window in which a crash sends a message twice, so an implementation keeps it as short as it can.
 *
 * @throws the transport's EmailError when the send fails (nothing is recorded);
 *         {@link SentNotRecordedError} when the server accepted the message but the statement failed.
 */
export type SendAndRecord = (message: OutgoingMessage, record: RecordStatement) => Promise<void>;

/** The server has the message but recording it failed: the job must not count it as a failed send. */
export class SentNotRecordedError extends Error {
  override readonly name = 'SentNotRecordedError';
}

/** What sending and recording needs of a node-postgres pool. */
export interface RecordingPool {
  connect(): Promise<{ query(statement: RecordStatement): Promise<unknown>; release(error?: Error): void }>;
}

/**
 * Send through `transport`, then record over a connection of `pool` taken before sending: once the server has
 * accepted the message nothing but the statement stands between its reply and the commit. What can still delay the
 * commit is other work on the same thread, which is why the mailer process runs this on a thread of its own.
 */
export function createSendAndRecord(transport: MailTransport, pool: RecordingPool): SendAndRecord {
  return async (message, record) => {
    const connection = await pool.connect();
    try {
      await transport.send(message);
    } catch (error) {
      connection.release();
      throw error;
    }
    try {
      await connection.query(record);
    } catch (error) {
      // A failed statement may have left the connection mid-protocol: drop it rather than hand it to the next job.
      connection.release(error as Error);
      throw new SentNotRecordedError(`sent, but recording it failed: ${(error as Error).message}`, { cause: error });
    }
    connection.release();
  };
}
