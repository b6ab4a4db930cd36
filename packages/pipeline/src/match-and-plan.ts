import type { Db } from '@alerts/db';
import { deliverJobs, type DeliveryDispatch, type MatchJob } from '@alerts/queue';
import { planDeliveries } from './delivery-ledger';
import { finishMatchWork } from './dispatch-match-jobs';
import { runMatchJob, type MatchJobResult } from './run-match-job';
import type { SubscriptionIndexCache } from './subscription-index-cache';

/**
 * One match job, start to finish: store the matches, plan an immediate delivery for each subscriber who gained
 * immediate matches (a PENDING Delivery row, keyed by the newest match it announces), then mark the job's work done.
 * Returns the dispatches for the matcher to enqueue; if that enqueue never happens, the rows are still owed and the
 * reconciler hands them out. A matcher that dies before the end leaves its MatchWork row, so the job runs again
 * (inserting nothing twice), and whatever it inserted but did not plan is planned by the reconciler's sweep.
 */
export async function matchAndPlan(deps: { db: Db; indexCache: SubscriptionIndexCache; leaseMs: number }, job: MatchJob): Promise<{ result: MatchJobResult; deliveries: DeliveryDispatch[] }> {
  const { db } = deps;
  const result = await runMatchJob({ db, job, indexCache: deps.indexCache });
  const deliveries = await planDeliveries(db, result.immediate.map((i) => deliverJobs.immediate(i.subscriberId, i.newestMatchId)), { leaseMs: deps.leaseMs });
  await finishMatchWork(db, job);
  return { result, deliveries };
}
