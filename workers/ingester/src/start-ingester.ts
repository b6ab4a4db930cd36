import type { Db } from '@alerts/db';
import { ingest, IngestRejectedError, type IngestSummary } from '@alerts/ingest';
import type { Logger } from '@alerts/logger';
import { dispatchMatchJobs, findFollowNotices, findUnannouncedImmediate } from '@alerts/pipeline';
import { deliverJobs, ingestJobSchema, QUEUES, type Queues, type RedisConnection } from '@alerts/queue';
import { logWorkerEvents } from '@alerts/runtime';
import { createSource, type QuestionSource, type SourceSettings } from '@alerts/sources';
import { UnrecoverableError, Worker } from 'bullmq';

export interface IngesterOptions {
  connection: RedisConnection;
  prefix?: string;
  db: Db;
  queues: Queues;
  sources: SourceSettings;
  /** What a job naming the sample reads; default the plain sample. `alerts start`'s demo passes one that holds answers back. */
  sampleSource?: QuestionSource;
  partitions: number;
  /** How old an unsent IMMEDIATE match must be before the sweep announces it (IMMEDIATE_SWEEP_GRACE_SECONDS). */
  sweepGraceMs: number;
  logger: Logger;
}

/**
 * The ingester, on every scheduler tick: sweep for IMMEDIATE matches nobody announced, fetch and store new answers,
 * then hand the new events to the matchers and the follow emails still untold to the mailers. One job at a time
 * per process.
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
      const source = parsed.data.source === 'sample' && options.sampleSource ? options.sampleSource : createSource(parsed.data.source, options.sources);
      const handOn = async () => {
        const jobs = await dispatchMatchJobs({ db, partitions: options.partitions, enqueue: (batch) => queues.enqueueMatch(batch) });
        // Follow emails come from the questions' state, not a cursor: every tick finds whatever is still untold.
        const notices = await findFollowNotices(db);
        await queues.enqueueDeliver(notices.map((n) => deliverJobs.follow(n.subscriberId, n.followId, n.eventId)));
        return { matchJobs: jobs.length, followNotices: notices.length };
      };
      let summary: IngestSummary;
      try {
        summary = await ingest({ db, source, logger: logger.child({ jobId: job.id }) });
      } catch (error) {
        if (!(error instanceof IngestRejectedError)) throw error;
        // The run stored its good records before failing on the bad ones: announce those now. Retrying the job
        // minutes later would reject the same records again; the next tick fetches the window again anyway.
        await handOn();
        throw new UnrecoverableError(error.message);
      }
      return {
        swept: unannounced.length, fetched: summary.fetched, created: summary.created, updated: summary.updated, newlyAnswered: summary.newlyAnswered,
        quarantined: summary.quarantined, resolved: summary.resolved, ...(await handOn()),
      };
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  logWorkerEvents(worker, logger);
  return { workers: [worker], close: () => worker.close() };
}
