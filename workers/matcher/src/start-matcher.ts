import type { Db } from '@alerts/db';
import type { Logger } from '@alerts/logger';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { matchAndPlan } from '@alerts/match-work';
import { matchJobSchema, QUEUES, type Queues, type RedisConnection } from '@alerts/queue';
import { logWorkerEvents } from '@alerts/runtime';
import { UnrecoverableError, Worker } from 'bullmq';

export interface MatcherOptions {
  connection: RedisConnection;
  prefix?: string;
  db: Db;
  queues: Queues;
  logger: Logger;
  concurrency?: number;
  /** Job lock in ms; a dead matcher's job goes back to the queue about this long after it died. Default 30 000. */
  lockMs?: number;
  /** When the reconciler first looks whether a planned delivery's job is still queued (RECONCILE_LEASE_SECONDS). */
  leaseMs: number;
}

/**
 * The matcher: one job = one event range × one partition of the subscriptions. Run N of these on N machines and
 * they share the partitions. New IMMEDIATE matches become planned deliveries at once, each keyed by the newest match
 * it announces, so partitions finishing in any order each get their own; the job's work is then marked done.
 */
export function startMatcher(options: MatcherOptions) {
  const { db, queues, logger } = options;
  const lockMs = options.lockMs ?? 30_000;
  const indexCache = createSubscriptionIndexCache(db);
  const worker = new Worker(
    QUEUES.match,
    async (job) => {
      const parsed = matchJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad match payload: ${parsed.error.message}`);
      const { result, deliveries } = await matchAndPlan({ db, indexCache, leaseMs: options.leaseMs }, parsed.data);
      if (deliveries.length) await queues.enqueueDeliveries(deliveries);
      logger.info(
        {
          jobId: job.id,
          questions: result.questions,
          inserted: result.inserted,
          immediateDeliveries: deliveries.length,
        },
        'match job done',
      );
      return { questions: result.questions, inserted: result.inserted };
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      // Re-running a match job is safe (match rows are unique), so a job whose worker died is retried, not failed.
      maxStalledCount: 5,
    },
  );
  logWorkerEvents(worker, logger);
  return { workers: [worker], close: () => worker.close() };
}
