import type { Db } from '@alerts/db';
import { ingest } from '@alerts/ingest';
import type { Logger } from '@alerts/logger';
import { dispatchMatchJobs, findUnannouncedImmediate } from '@alerts/pipeline';
import { deliverJobs, ingestJobSchema, QUEUES, type Queues } from '@alerts/queue';
import { logWorkerEvents } from '@alerts/runtime';
import { createSource, type SourceSettings } from '@alerts/sources';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

export interface IngesterOptions {
  connection: Redis;
  prefix?: string;
  db: Db;
  queues: Queues;
  sources: SourceSettings;
  partitions: number;
  /** How old an unsent IMMEDIATE match must be before the sweep announces it (IMMEDIATE_SWEEP_GRACE_SECONDS). */
  sweepGraceMs: number;
  logger: Logger;
}

/**
 * The ingester, on every scheduler tick: sweep for IMMEDIATE matches nobody announced, fetch and store new answers,
 * then hand the new events to the matchers. One job at a time per process.
 */
export function startIngester(options: IngesterOptions) {
  const { db, queues, logger } = options;
  const worker = new Worker(
    QUEUES.ingest,
    async (job) => {
      const parsed = ingestJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad ingest payload: ${parsed.error.message}`);
      // First, and whatever ingest does next: a match nobody announced waits at most one tick.
      const unannounced = await findUnannouncedImmediate(db, { graceMs: options.sweepGraceMs });
      await queues.enqueueDeliver(unannounced.map((u) => deliverJobs.immediate(u.subscriberId, u.newestMatchId)));
      if (unannounced.length) logger.info({ jobId: job.id, subscribers: unannounced.length }, 'sweep: enqueued unannounced immediate matches');
      const summary = await ingest({ db, source: createSource(parsed.data.source, options.sources), logger: logger.child({ jobId: job.id }) });
      const jobs = await dispatchMatchJobs({ db, partitions: options.partitions, enqueue: (batch) => queues.enqueueMatch(batch) });
      return { swept: unannounced.length, fetched: summary.fetched, created: summary.created, updated: summary.updated, newlyAnswered: summary.newlyAnswered, matchJobs: jobs.length };
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  logWorkerEvents(worker, logger);
  return { workers: [worker], close: () => worker.close() };
}
