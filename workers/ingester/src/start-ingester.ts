import type { Db } from '@alerts/db';
import { ingest } from '@alerts/ingest';
import type { Logger } from '@alerts/logger';
import { logWorkerEvents } from '@alerts/runtime';
import { dispatchMatchJobs } from '@alerts/pipeline';
import { ingestJobSchema, QUEUES, type Queues, type RedisConnection } from '@alerts/queue';
import { createSource, type SourceSettings } from '@alerts/sources';
import { UnrecoverableError, Worker } from 'bullmq';

export interface IngesterOptions {
  connection: RedisConnection;
  prefix?: string;
  db: Db;
  queues: Queues;
  sources: SourceSettings;
  partitions: number;
  logger: Logger;
}

/** The ingester: fetch and store, then hand the new events to the matchers. One job at a time per process. */
export function startIngester(options: IngesterOptions) {
  const { db, queues, logger } = options;
  const worker = new Worker(
    QUEUES.ingest,
    async (job) => {
      const parsed = ingestJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad ingest payload: ${parsed.error.message}`);
      const summary = await ingest({ db, source: createSource(parsed.data.source, options.sources), logger: logger.child({ jobId: job.id }) });
      const jobs = await dispatchMatchJobs({ db, partitions: options.partitions, enqueue: (batch) => queues.enqueueMatch(batch) });
      return { fetched: summary.fetched, created: summary.created, updated: summary.updated, newlyAnswered: summary.newlyAnswered, matchJobs: jobs.length };
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  logWorkerEvents(worker, logger);
  return { workers: [worker], close: () => worker.close() };
}
