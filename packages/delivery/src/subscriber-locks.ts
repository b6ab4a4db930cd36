import { createSqlPool } from '@alerts/db';
import type { SqlClient } from './delivery-store';

/** A planned delivery's row: where it stands and the work it names (a DeliverJob, validated by the caller). */
export interface DeliveryRow {
  status: string;
  job: unknown;
  dedupeKey: string;
  email: string;
}

/**
 * What {@link SubscriberLocks.holdDelivery} did: ran `work` holding the lock, or found nothing to lock for (no such row,
 * a row no longer owed, or one whose job names no subscriber) and handed the row back untouched.
 */
export type HeldDelivery<T> = { held: true; result: T } | { held: false; row: DeliveryRow | null };

/** One lock per subscriber, held while an email that carries their matches is composed, sent and recorded. */
export interface SubscriberLocks {
  /**
   * Read a planned delivery's row and, when it is still owed (PENDING), take its subscriber's lock in the same
   * statement; then run `work` holding it, on the lock's own connection. The row is as it was when the statement
   * began, possibly before the lock was granted: `work` must read again under the lock what it depends on (a
   * delivery's state query does: it finds a row sent meanwhile).
   */
  holdDelivery<T>(
    deliveryId: string,
    work: (row: DeliveryRow, client: SqlClient) => Promise<T>,
  ): Promise<HeldDelivery<T>>;
  close(): Promise<void>;
}

// The row and its subscriber's lock in one round trip: a mailer sends one statement fewer per email than reading
// the row and then locking (bench:pipeline: each statement a mailer sends costs it ~120 µs of CPU on this machine).
// CASE evaluates only the branch it takes, so a row that is not owed takes no lock, and a job without a
// subscriberId gives NULL, for which the strict pg_advisory_lock is not called at all.
const ROW_AND_LOCK = `
  SELECT status::text AS status, job, "dedupeKey", email, job->>'subscriberId' AS "lockedFor",
    CASE WHEN status = 'PENDING' THEN pg_advisory_lock(hashtextextended('deliver:' || (job->>'subscriberId'), 0)) IS NOT NULL
      ELSE false END AS locked
  FROM "Delivery" WHERE id = $1`;
type LockedRow = DeliveryRow & { locked: boolean; lockedFor: string | null };
const UNLOCK = `SELECT pg_advisory_unlock(hashtextextended('deliver:' || $1, 0))`;

/**
 * Subscriber locks as PostgreSQL session advisory locks, on a pool of their own. Two delivery jobs for one
 * subscriber (two partitions' immediate jobs, a sweep's, a flush beside a scheduled digest, on any number of
 * mailers) then run one after the other, and the second reads the first one's matches as delivered instead of
 * sending them again. A process that dies holding a lock loses its connection, and with it the lock.
 *
 * Why a pool of their own: a delivery holds its lock while it reads question cards and records the send over other
 * connections. Sharing one pool, N deliveries holding N locks could take every connection and then wait forever for
 * one more. Give it one connection per concurrent delivery; more are never used.
 */
export function createSubscriberLocks(options: {
  databaseUrl: string;
  connections: number;
  /** Its connections' application_name (see createSqlPool): the mailer's are "alerts-mailer-locks". */
  applicationName?: string;
}): SubscriberLocks {
  const pool = createSqlPool({
    url: options.databaseUrl,
    poolSize: options.connections,
    applicationName: options.applicationName,
  });
  return {
    async holdDelivery(deliveryId, work) {
      const client = await pool.connect();
      let found: LockedRow | undefined;
      try {
        found = (
          await client.query<LockedRow>({ name: 'delivery-row-and-lock', text: ROW_AND_LOCK, values: [deliveryId] })
        ).rows[0];
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      if (!found?.locked) {
        client.release();
        return { held: false, row: found ?? null };
      }
      // Unlocked by the very text it was locked by, whatever the job's JSON held there.
      const { lockedFor } = found;
      try {
        return { held: true, result: await work(found, client) };
      } finally {
        // A connection whose unlock failed is destroyed, not reused: closing it is what releases the lock then.
        await client.query({ name: 'subscriber-unlock', text: UNLOCK, values: [lockedFor] }).then(
          () => client.release(),
          (error: Error) => client.release(error),
        );
      }
    },
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
