import type { Db } from '@alerts/db';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

export interface UnannouncedImmediate {
  subscriberId: string;
  /** The newest of the subscriber's unannounced matches: the delivery job's identity (deliverJobs.immediate). */
  newestMatchId: string;
  /** Set for a webhook alert's matches: they go in a POST of their own (deliverJobs.webhook), not in the email. */
  webhookAlertId: string | null;
}

// One scan of the undelivered matches. A match claimed by a delivery that was never planned, whose match job is no
// longer owed (no MatchWork row covers its event: its matcher died between inserting the matches and planning their
// email, and the job's rerun no longer had the alert, paused meanwhile), is orphaned: its claim is dropped here, so
// the delivery planned for it can claim it. While the job is owed, however long it runs, its claims are its own.
const SWEEP = `
  WITH pending AS (
    SELECT m.id, m."deliveryId", s."subscriberId", CASE WHEN s.channel = 'WEBHOOK' THEN s.id END AS "webhookAlertId"
    FROM "Match" m
    JOIN "Subscription" s ON s.id = m."subscriptionId"
    JOIN "Subscriber" r ON r.id = s."subscriberId"
    WHERE m."deliveredAt" IS NULL AND m."createdAt" < $1 AND s.frequency = 'IMMEDIATE' AND ${MAY_RECEIVE_MAIL_SQL}
      -- A disabled webhook's matches wait, unclaimed, until it is enabled again.
      AND (s.channel = 'EMAIL' OR EXISTS (SELECT 1 FROM "Webhook" w WHERE w."subscriptionId" = s.id AND w."disabledAt" IS NULL))
      AND (m."deliveryId" IS NULL OR (NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d.id = m."deliveryId")
        AND NOT EXISTS (SELECT 1 FROM "MatchWork" w WHERE m."eventId" BETWEEN w."fromEventId" AND w."toEventId")))),
  released AS (
    UPDATE "Match" SET "deliveryId" = NULL WHERE id IN (SELECT id FROM pending WHERE "deliveryId" IS NOT NULL))
  SELECT "subscriberId", "webhookAlertId", max(id)::text AS "newestMatchId" FROM pending GROUP BY "subscriberId", "webhookAlertId"`;

/**
 * Subscribers whose IMMEDIATE alerts have matches claimed by no delivery `graceMs` after they were inserted. A match
 * job inserts its immediate matches claimed by the email it plans the moment it ends; anything older than the grace
 * period and unclaimed had its alert paused at the time, or changed to immediate since, or its claim was orphaned (see
 * SWEEP). The reconciler runs this on every tick and plans a delivery for each. (A match claimed by a delivery that
 * has not gone yet is that delivery's: the reconciler hands the delivery itself out again.)
 *
 * Reads every undelivered match: a scan of the Match table, whose cost grows with history (npm run bench:sweep: about
 * 4 s beside 3,000,000 delivered matches). A partial index on undelivered matches would make it cost what is pending
 * (11 ms in that bench), but PostgreSQL then also used it for the mailer's claim queries, whose predicates imply it:
 * during a batch of millions of undelivered matches each claim read them all, and bench:pipeline's mail slowed about
 * sevenfold. So it is not in the schema; bench:sweep builds it in its own database to show what it would buy.
 */
export async function findUnannouncedImmediate(
  db: Db,
  options: { graceMs: number; now?: Date },
): Promise<UnannouncedImmediate[]> {
  const before = new Date((options.now ?? new Date()).getTime() - options.graceMs);
  return db.$queryRawUnsafe<UnannouncedImmediate[]>(SWEEP, before);
}
