import type { Db } from '@alerts/db';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

export interface UnannouncedImmediate {
  subscriberId: string;
  /** The newest of the subscriber's unannounced matches: the delivery job's identity (deliverJobs.immediate). */
  newestMatchId: string;
  /** Set for a webhook alert's matches: they go in a POST of their own (deliverJobs.webhook), not in the email. */
  webhookAlertId: string | null;
}

// Reads only unclaimed, undelivered matches, through their partial index (Match_unclaimed_idx), so its
// cost follows what is pending, not history. Claimed matches are not its business: the reconciler hands out their
// delivery again, and a claim whose email was never planned (its matcher died in between) is released by the job's
// next run (match-and-plan.ts).
const SWEEP = `
  SELECT s."subscriberId", CASE WHEN s.channel = 'WEBHOOK' THEN s.id END AS "webhookAlertId", max(m.id)::text AS "newestMatchId"
  FROM "Match" m
  JOIN "Subscription" s ON s.id = m."subscriptionId"
  JOIN "Subscriber" r ON r.id = s."subscriberId"
  WHERE m."deliveredAt" IS NULL AND m."deliveryId" IS NULL AND m."createdAt" < $1
    AND s.frequency = 'IMMEDIATE' AND ${MAY_RECEIVE_MAIL_SQL}
    -- A disabled webhook's matches wait, unclaimed, until it is enabled again.
    AND (s.channel = 'EMAIL' OR EXISTS (SELECT 1 FROM "Webhook" w WHERE w."subscriptionId" = s.id AND w."disabledAt" IS NULL))
  GROUP BY 1, 2`;

/**
 * Subscribers whose IMMEDIATE alerts have matches claimed by no delivery `graceMs` after they were inserted. A match
 * job inserts its immediate matches claimed by the email it plans the moment it ends; anything older than the grace
 * period and unclaimed had its alert paused at the time, or changed to immediate since, or was released (a claim
 * orphaned by a dead matcher, a webhook removed). The reconciler runs this on every tick and plans a delivery for
 * each. (A match claimed by a delivery that has not gone yet is that delivery's: the reconciler hands the delivery
 * itself out again.)
 *
 * Its cost follows the unclaimed matches only (npm run bench:sweep). An earlier partial index, on undelivered matches
 * keyed by time, was also chosen by PostgreSQL for the mailer's reads of its claimed matches, which then each read
 * every undelivered match of the batch; this one's predicate contradicts those reads, so it cannot be.
 */
export async function findUnannouncedImmediate(
  db: Db,
  options: { graceMs: number; now?: Date },
): Promise<UnannouncedImmediate[]> {
  const before = new Date((options.now ?? new Date()).getTime() - options.graceMs);
  return db.$queryRawUnsafe<UnannouncedImmediate[]>(SWEEP, before);
}
