import type { Db } from '@alerts/db';
import type { Logger } from '@alerts/logger';
import { createSubscriptionIndexCache, runMatchJob } from '@alerts/pipeline';
import { deliverJobs, matchJobSchema, QUEUES, type Queues } from '@alerts/queue';
import { logWorkerEvents } from '@alerts/runtime';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

export interface MatcherOptions {
  connection: Redis;
  prefix?: string;
  db: Db;
  queues: Queues;
  logger: Logger;
  concurrency?: number;
  /** Job lock in ms; a dead matcher's job goes back to the queue about this long after it died. Default 30 000. */
  lockMs?: number;
}

/**
 * The matcher: one job = one event range × one partition of the subscriptions. Run N of these on N machines and
 * they share the partitions. New IMMEDIATE matches become delivery jobs at once, each keyed by the newest match it
 * announces, so partitions finishing in any order each get their own.
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
      const result = await runMatchJob({ db, job: parsed.data, indexCache });
      await queues.enqueueDeliver(result.immediate.map((i) => deliverJobs.immediate(i.subscriberId, i.newestMatchId)));
      logger.info({ jobId: job.id, questions: result.questions, inserted: result.inserted, immediate: result.immediate.length }, 'match job done');
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
