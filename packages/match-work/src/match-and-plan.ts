import type { Db } from '@alerts/db';
import { deliverJobs, deliveryKey, type DeliveryDispatch, type MatchJob } from '@alerts/queue';
import { deliveryIdFor, planDeliveries } from '@alerts/delivery';
import { finishMatchWork } from './dispatch-match-jobs';
import { runMatchJob, type MatchJobResult } from './run-match-job';
import type { SubscriptionIndexCache } from '@alerts/delivery';

// Claimed matches of a delivery that is already final (a retried job whose email went long ago, now with a match the
// first run did not have): unclaimed again, so the reconciler's sweep plans an email for them.
const RELEASE_FROM_FINAL = `
  UPDATE "Match" m SET "deliveryId" = NULL
  FROM "Delivery" d JOIN "Subscription" s ON s."subscriberId" = d."subscriberId"
  WHERE d.id = ANY($1::text[]) AND d.status <> 'PENDING' AND m."subscriptionId" = s.id AND m."deliveryId" = d.id AND m."deliveredAt" IS NULL`;

/**
 * One match job, start to finish: store the matches, each immediate one already claimed by the email that will carry
 * it (one per subscriber and job: deliverJobs.immediateFromMatchJob), plan those emails (PENDING Delivery rows),
 * then mark the job's work done. Returns the dispatches for the matcher to enqueue; if that enqueue never happens,
 * the rows are still owed and the reconciler hands them out. A matcher that dies before the end leaves its MatchWork
 * row, so the job runs again: it inserts nothing twice and plans the same emails (the claim is the job's identity).
 */
export async function matchAndPlan(
  deps: { db: Db; indexCache: SubscriptionIndexCache; leaseMs: number },
  job: MatchJob,
): Promise<{ result: MatchJobResult; deliveries: DeliveryDispatch[] }> {
  const { db } = deps;
  const deliveryJob = (subscriberId: string) => deliverJobs.immediateFromMatchJob(subscriberId, job);
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
  await finishMatchWork(db, job);
  return { result, deliveries };
}
