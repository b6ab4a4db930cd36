import type { Db } from '@alerts/db';
import type { Logger } from '@alerts/logger';
import { logWorkerEvents } from '@alerts/runtime';
import { createSubscriptionIndexCache, runMatchJob } from '@alerts/pipeline';
import { matchJobSchema, QUEUES, type Queues, type RedisConnection } from '@alerts/queue';
import { UnrecoverableError, Worker } from 'bullmq';

export interface MatcherOptions {
  connection: RedisConnection;
  prefix?: string;
  db: Db;
  queues: Queues;
  logger: Logger;
  concurrency?: number;
}

/**
 * The matcher: one job = one event range × one partition of the subscriptions. Run N of these on N machines and
 * they share the partitions. New IMMEDIATE matches become delivery jobs at once.
 */
export function startMatcher(options: MatcherOptions) {
  const { db, queues, logger } = options;
  const indexCache = createSubscriptionIndexCache(db);
  const worker = new Worker(
    QUEUES.match,
    async (job) => {
      const parsed = matchJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad match payload: ${parsed.error.message}`);
      const result = await runMatchJob({ db, job: parsed.data, indexCache });
      const runKey = `e${parsed.data.fromEventId}-${parsed.data.toEventId}`;
      await queues.enqueueDeliver(result.immediateSubscriberIds.map((subscriberId) => ({ kind: 'IMMEDIATE' as const, subscriberId, runKey })));
      logger.info({ jobId: job.id, questions: result.questions, inserted: result.inserted, immediate: result.immediateSubscriberIds.length }, 'match job done');
      return { questions: result.questions, inserted: result.inserted };
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency ?? 1 },
  );
  logWorkerEvents(worker, logger);
  return { workers: [worker], close: () => worker.close() };
}
