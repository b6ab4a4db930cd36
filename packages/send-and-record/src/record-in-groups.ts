import { recordSentGroup, type SentRecord, type SqlPool } from './record-sent';

type Connection = Awaited<ReturnType<SqlPool['connect']>>;

/**
 * Records one accepted message over `connection` (taken before the message was sent, and released here) or over the
 * connection of the group it joins; resolves once its statement has committed.
 */
export type RecordSent = (record: SentRecord, connection: Connection) => Promise<void>;

/** At most this many records to a statement: a mailer's concurrency is well below it. */
const MOST_PER_GROUP = 64;

/**
 * Group commit for accepted messages. A record goes out at once when no statement is in flight; the records accepted
 * while one is (other connections' 250s arriving meanwhile) wait for it and then go together, in one statement, over
 * the first one's connection. So a lone email is recorded as soon as before, and at a mailer's full pace its
 * statements (each one a round trip, a commit and, in the mailer, ~280 µs of the sender thread's CPU in writev alone:
 * bench:pipeline's profile) fall from one per email to one per group. What it costs: a record may wait one
 * statement's time (~1 ms) for the group before it, which widens the window in which a crash after the server's
 * acceptance sends the email again.
 *
 * A group of several that fails is tried again one record at a time, so one record PostgreSQL refuses fails only its
 * own email (whose job then sends it again under the same Message-ID), not the others it happened to be grouped with.
 */
export function recordInGroups(pool: SqlPool): RecordSent {
  interface Waiting {
    record: SentRecord;
    connection: Connection;
    done(error?: Error): void;
  }
  let waiting: Waiting[] = [];
  let writing = false;

  /** The next group: the oldest waiting records, but never two of one dedupe key (one upsert each per statement). */
  const nextGroup = (): Waiting[] => {
    const keys = new Set<string>();
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    for (const entry of waiting) {
      if (group.length < MOST_PER_GROUP && !keys.has(entry.record.dedupeKey)) {
        keys.add(entry.record.dedupeKey);
        group.push(entry);
      } else rest.push(entry);
    }
    waiting = rest;
    return group;
  };

  /** One statement over `connection`; a connection whose statement failed is dropped, not handed back. */
  const write = async (connection: Connection, records: SentRecord[]): Promise<Error | undefined> => {
    try {
      await recordSentGroup(connection, records);
      connection.release();
      return undefined;
    } catch (error) {
      // A failed statement may have left the connection mid-protocol.
      connection.release(error as Error);
      return error as Error;
    }
  };

  const writeGroup = async (group: Waiting[]) => {
    const [first, ...others] = group;
    const failed = await write(
      first!.connection,
      group.map((entry) => entry.record),
    );
    if (!failed || !others.length) {
      for (const entry of others) entry.connection.release();
      for (const entry of group) entry.done(failed);
      return;
    }
    // A group of several: each alone, over its own connection (the first's went with the failed statement: a fresh
    // one for it), so one refused record does not fail its neighbours' emails.
    const fresh = await pool.connect().catch((error: Error) => error);
    first!.done(fresh instanceof Error ? fresh : await write(fresh, [first!.record]));
    for (const entry of others) entry.done(await write(entry.connection, [entry.record]));
  };

  const writeAll = async () => {
    writing = true;
    while (waiting.length) await writeGroup(nextGroup());
    writing = false;
  };

  return (record, connection) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ record, connection, done: (error) => (error ? reject(error) : resolve()) });
      if (!writing) void writeAll();
    });
}
