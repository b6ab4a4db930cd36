import type { Db } from '@alerts/db';
import { deliverJobs, deliveryKey, type DeliveryDispatch, type MatchJob } from '@alerts/queue';
import { deliveryIdFor, planDeliveries } from '@alerts/delivery';
import { partitionShares } from '@alerts/subscriptions';
import { finishMatchWork } from './dispatch-match-jobs';
import { runMatchJob, type MatchJobResult } from './run-match-job';
import type { SubscriptionIndexCache } from '@alerts/delivery';

// Claimed matches of a delivery that is already final (a retried job whose email went long ago, now with a match the
// first run did not have): unclaimed again, so the reconciler's sweep plans an email for them.
const RELEASE_FROM_FINAL = `
  UPDATE "Match" m SET "deliveryId" = NULL
  FROM "Delivery" d JOIN "Subscription" s ON s."subscriberId" = d."subscriberId"
  WHERE d.id = ANY($1::text[]) AND d.status <> 'PENDING' AND m."subscriptionId" = s.id AND m."deliveryId" = d.id AND m."deliveredAt" IS NULL`;

// Counts this run on the job's ledger row; no row means the job was finished by another run.
const START_RUN = `
  UPDATE "MatchWork" SET runs = runs + 1
  WHERE "fromEventId" = $1 AND "toEventId" = $2 AND partition = $3 AND partitions = $4
  RETURNING runs`;

// A run that died after inserting claimed matches and before planning their emails leaves claims no Delivery row
// holds. This run planned every subscriber it still matched; a claim of this job's range and partition that is still
// unplanned belongs to an alert that no longer matched (paused, say): released, so the sweep sends it when it may.
// Read by the job's range of events, once per rerun only (a matcher died): it scans Match, which the first run of a
// job never does.
const RELEASE_UNPLANNED = `
  UPDATE "Match" m SET "deliveryId" = NULL
  FROM "Subscription" s
  WHERE s.id = m."subscriptionId" AND s.partition = ANY($3::int[]) AND m."eventId" BETWEEN $1 AND $2
    AND m."deliveredAt" IS NULL AND m."deliveryId" IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d.id = m."deliveryId")`;

/**
 * One match job, start to finish: store the matches, each immediate one already claimed by the email that will carry
 * it (one per subscriber and job: deliverJobs.immediateFromMatchJob), plan those emails (PENDING Delivery rows),
 * then mark the job's work done. Returns the dispatches for the matcher to enqueue; if that enqueue never happens,
 * the rows are still owed and the reconciler hands them out. A matcher that dies before the end leaves its MatchWork
 * row, so the job runs again: it inserts nothing twice, plans the same emails (the claim is the job's identity), and
 * releases claims for emails it no longer plans.
 */
export async function matchAndPlan(
  deps: { db: Db; indexCache: SubscriptionIndexCache; leaseMs: number },
  job: MatchJob,
): Promise<{ result: MatchJobResult; deliveries: DeliveryDispatch[] }> {
  const { db } = deps;
  const deliveryJob = (subscriberId: string) => deliverJobs.immediateFromMatchJob(subscriberId, job);
  const range = [BigInt(job.fromEventId), BigInt(job.toEventId), job.partition, job.partitions] as const;
  const [run] = await db.$queryRawUnsafe<{ runs: number }[]>(START_RUN, ...range);
  const rerun = !run || run.runs > 1;
  const result = await runMatchJob({
    db,
    job,
    indexCache: deps.indexCache,
    claimImmediate: (subscriberId) => deliveryIdFor(deliveryKey(deliveryJob(subscriberId))),
  });
  const jobs = result.claimedFor.map(deliveryJob);
  const deliveries = await planDeliveries(db, jobs, { leaseMs: deps.leaseMs, claimed: true });
  if (deliveries.length < jobs.length) {
    const planned = new Set(deliveries.map((d) => d.deliveryId));
    const existing = jobs.map((j) => deliveryIdFor(deliveryKey(j))).filter((id) => !planned.has(id));
    await db.$executeRawUnsafe(RELEASE_FROM_FINAL, existing);
  }
  // Webhook alerts' matches were inserted unclaimed: each POST claims its alert's on its first attempt.
  const posts = result.webhooks.map((w) => deliverJobs.webhookFromMatchJob(w.subscriberId, w.subscriptionId, job));
  deliveries.push(...(await planDeliveries(db, posts, { leaseMs: deps.leaseMs })));
  if (rerun)
    await db.$executeRawUnsafe(RELEASE_UNPLANNED, range[0], range[1], partitionShares(job.partition, job.partitions));
  await finishMatchWork(db, job);
  return { result, deliveries };
}
