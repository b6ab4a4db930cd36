import type { Db } from '@alerts/db';
import type { Logger } from '@alerts/logger';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { matchAndPlan } from '@alerts/match-work';
import { matchJobSchema, matchQueueName, type Queues, type RedisConnection } from '@alerts/queue';
import { logWorkerEvents } from '@alerts/runtime';
import { UnrecoverableError, Worker } from 'bullmq';

export interface MatcherOptions {
  connection: RedisConnection;
  prefix?: string;
  db: Db;
  queues: Queues;
  logger: Logger;
  /** The partitions whose match jobs this matcher takes: a worker on each one's queue. */
  partitions: readonly number[];
  /** Jobs at once per partition. Default 1. */
  concurrency?: number;
  /** Job lock in ms; a dead matcher's job goes back to the queue about this long after it died. Default 30 000. */
  lockMs?: number;
  /** When the reconciler first looks whether a planned delivery's job is still queued (RECONCILE_LEASE_SECONDS). */
  leaseMs: number;
}

/**
 * The matcher: one job = one event range × one partition of the subscriptions. Run N of these on N machines and
 * they share the partitions they are given; a matcher builds and holds the index of each partition whose job it
 * runs, so giving each its own share bounds its memory. New IMMEDIATE matches become planned deliveries at once, each
 * keyed by the newest match it announces, so partitions finishing in any order each get their own; the job's work is
 * then marked done. A partition's jobs run one at a time per matcher; different partitions' jobs run side by side,
 * so one partition's inserts wait on PostgreSQL while another's matching uses the CPU.
 */
export function startMatcher(options: MatcherOptions) {
  const { db, queues, logger } = options;
  const lockMs = options.lockMs ?? 30_000;
  const indexCache = createSubscriptionIndexCache(db);
  if (!options.partitions.length) throw new Error('a matcher needs at least one partition');
  const workerFor = (partition: number) =>
    new Worker(
      matchQueueName(partition),
      async (job) => {
        const parsed = matchJobSchema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`bad match payload: ${parsed.error.message}`);
        const { result, deliveries } = await matchAndPlan({ db, indexCache, leaseMs: options.leaseMs }, parsed.data);
        if (deliveries.length) await queues.enqueueDeliveries(deliveries);
        logger.info(
          {
            jobId: job.id,
            partition: parsed.data.partition,
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
  const workers = options.partitions.map(workerFor);
  for (const worker of workers) logWorkerEvents(worker, logger);
  return { workers, close: async () => void (await Promise.all(workers.map((w) => w.close()))) };
}
