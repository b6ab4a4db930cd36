import type { Db } from '@alerts/db';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

export interface UnannouncedImmediate {
  subscriberId: string;
  /** The newest of the subscriber's unannounced matches: the delivery job's identity (deliverJobs.immediate). */
  newestMatchId: string;
}

/**
 * Subscribers whose IMMEDIATE alerts have matches still unclaimed by any delivery `graceMs` after they were inserted.
 * A match job plans its deliveries the moment its matches are in; anything older than the grace period was stranded
 * (the matcher died between insert and plan) or its alert was paused meanwhile. The reconciler runs this on every
 * tick and plans a delivery for each. (A match claimed by a delivery that has not gone yet is that delivery's: the
 * reconciler hands the delivery itself out again.)
 *
 * Reads every undelivered match: a scan of the Match table, measured at ~0.3 s for 3 million rows (README).
 */
export async function findUnannouncedImmediate(db: Db, options: { graceMs: number; now?: Date }): Promise<UnannouncedImmediate[]> {
  const before = new Date((options.now ?? new Date()).getTime() - options.graceMs);
  return db.$queryRawUnsafe<UnannouncedImmediate[]>(
    `SELECT s."subscriberId", max(m.id)::text AS "newestMatchId"
     FROM "Match" m
     JOIN "Subscription" s ON s.id = m."subscriptionId"
     JOIN "Subscriber" r ON r.id = s."subscriberId"
     WHERE m."deliveredAt" IS NULL AND m."deliveryId" IS NULL AND m."createdAt" < $1 AND s.frequency = 'IMMEDIATE' AND ${MAY_RECEIVE_MAIL_SQL}
     GROUP BY s."subscriberId"`,
    before,
  );
}
