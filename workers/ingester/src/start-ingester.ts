import type { Db } from '@alerts/db';
import { ingest, IngestRejectedError, type IngestSummary } from '@alerts/ingest';
import type { Logger } from '@alerts/logger';
import type { ReaderClock } from '@alerts/composition';
import { findFollowNotices, oweDeliveries, reconcile, type ReconcileReport } from '@alerts/delivery';
import { dispatchMatchJobs } from '@alerts/match-work';
import {
  deliverJobs,
  ingestJobSchema,
  QUEUES,
  reconcileJobSchema,
  type Queues,
  type RedisConnection,
} from '@alerts/queue';
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
  /** How old an unplanned IMMEDIATE match must be before the reconciler plans it (IMMEDIATE_SWEEP_GRACE_SECONDS). */
  sweepGraceMs: number;
  /** How long a queued job is trusted to be in Redis before the reconciler looks again (RECONCILE_LEASE_SECONDS). */
  leaseMs: number;
  /** A delivery still unsent this long after it was owed is given up (DELIVERY_GIVE_UP_HOURS). */
  giveUpAfterMs: number;
  /** Which followed questions are overdue (the still-waiting note): `alerts start`'s demo passes its stated clock. */
  clock?: ReaderClock;
  logger: Logger;
}

/** Only what a tick actually did: a reconcile that found nothing owed says nothing. */
function describeReconcile(report: ReconcileReport): Record<string, number> | null {
  const counts = {
    ...report.planned,
    ...Object.fromEntries(Object.entries(report.redispatched).map(([k, v]) => [`redispatched_${k}`, v])),
    gaveUp: report.gaveUp,
    erased_deliveries: report.erased.deliveries,
    erased_audit_entries: report.erased.auditEntries,
  };
  const done = Object.fromEntries(Object.entries(counts).filter(([, v]) => v > 0));
  return Object.keys(done).length ? done : null;
}

/**
 * The ingester. On every ingest tick: reconcile (hand out again whatever PostgreSQL says is owed and no job
 * carries), fetch and store new answers, hand the new events to the matchers and plan the follow emails still untold.
 * On every reconcile tick (one a minute from the scheduler): reconcile alone, so owed work is found even while an
 * ingest run is slow. One job of each kind at a time per process.
 */
export function startIngester(options: IngesterOptions) {
  const { db, queues, logger } = options;
  const runReconcile = async (jobId: string | undefined) => {
    const report = await reconcile({
      db,
      queues,
      sweepGraceMs: options.sweepGraceMs,
      leaseMs: options.leaseMs,
      giveUpAfterMs: options.giveUpAfterMs,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const done = describeReconcile(report);
    if (done) logger.info({ jobId, ...done }, 'reconcile: planned or handed out owed work');
    return report;
  };
  const worker = new Worker(
    QUEUES.ingest,
    async (job) => {
      const parsed = ingestJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad ingest payload: ${parsed.error.message}`);
      // First, and whatever ingest does next: owed work waits at most one tick.
      const reconciled = await runReconcile(job.id);
      const source =
        parsed.data.source === 'sample' && options.sampleSource
          ? options.sampleSource
          : createSource(parsed.data.source, options.sources);
      const handOn = async () => {
        const jobs = await dispatchMatchJobs({
          db,
          partitions: options.partitions,
          enqueue: (batch) => queues.enqueueMatch(batch),
          leaseMs: options.leaseMs,
        });
        // Follow emails come from the questions' state, not a cursor: every tick finds whatever is still untold.
        const notices = await findFollowNotices(db, options.clock ? { now: options.clock.now() } : {});
        const planned = await oweDeliveries(
          { db, queue: queues, leaseMs: options.leaseMs },
          notices.map((n) => deliverJobs.follow(n.subscriberId, n.followId, n.eventId)),
        );
        return { matchJobs: jobs.length, followNoticesPlanned: planned.length };
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
        reconciled: describeReconcile(reconciled),
        fetched: summary.fetched,
        created: summary.created,
        updated: summary.updated,
        newlyAnswered: summary.newlyAnswered,
        quarantined: summary.quarantined,
        resolved: summary.resolved,
        ...(await handOn()),
      };
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  const reconcileWorker = new Worker(
    QUEUES.reconcile,
    async (job) => {
      const parsed = reconcileJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad reconcile payload: ${parsed.error.message}`);
      return describeReconcile(await runReconcile(job.id));
    },
    { connection: options.connection, prefix: options.prefix, concurrency: 1 },
  );
  for (const w of [worker, reconcileWorker]) logWorkerEvents(w, logger);
  return {
    workers: [worker, reconcileWorker],
    close: () => Promise.all([worker.close(), reconcileWorker.close()]).then(() => undefined),
  };
}
