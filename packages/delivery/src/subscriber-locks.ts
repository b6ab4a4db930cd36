import { createSqlPool } from '@alerts/db';
import type { SqlClient } from './delivery-store';

/** One lock per subscriber, held while an email that carries their matches is composed, sent and recorded. */
export interface SubscriberLocks {
  /** Run `work` holding the subscriber's lock, on the lock's own connection (passed to `work`). */
  hold<T>(subscriberId: string, work: (client: SqlClient) => Promise<T>): Promise<T>;
  /** The same pool for a statement that needs no lock: node-postgres directly, without Prisma's per-query cost. */
  pool: SqlClient;
  close(): Promise<void>;
}

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
export function createSubscriberLocks(options: { databaseUrl: string; connections: number }): SubscriberLocks {
  const pool = createSqlPool({ url: options.databaseUrl, poolSize: options.connections });
  return {
    async hold(subscriberId, work) {
      const client = await pool.connect();
      const statement = (fn: string) => ({
        name: `subscriber-${fn}`,
        text: `SELECT pg_${fn}(hashtextextended('deliver:' || $1, 0))`,
        values: [subscriberId],
      });
      try {
        await client.query(statement('advisory_lock'));
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      try {
        return await work(client);
      } finally {
        // A connection whose unlock failed is destroyed, not reused: closing it is what releases the lock then.
        await client.query(statement('advisory_unlock')).then(
          () => client.release(),
          (error: Error) => client.release(error),
        );
      }
    },
    pool,
    close: async () => {
      if (!pool.ended) await pool.end();
    },
  };
}
