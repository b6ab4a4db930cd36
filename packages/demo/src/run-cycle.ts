import type { Db } from '@alerts/db';
import { ingest, type IngestLogger, type IngestSummary } from '@alerts/ingest';
import type { DeliverJob, MatchJob } from '@alerts/queue';
import { deliverJobs, flushRunKey } from '@alerts/queue';
import type { QuestionSource } from '@alerts/sources';
import { deliver, type DeliverDeps, type DeliverOutcome } from '@alerts/delivery';
import { dispatchMatchJobs, finishMatchWork } from '@alerts/match-work';
import { subscribersWithPendingMatches } from '@alerts/delivery';
import { runMatchJob } from '@alerts/match-work';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { findUnannouncedImmediate } from '@alerts/delivery';
import { findFollowNotices } from '@alerts/delivery';

export interface CycleReport {
  ingest: IngestSummary | null;
  matchJobs: number;
  matchesInserted: number;
  sent: number;
  nothingToSend: number;
  skipped: number;
  failed: { job: DeliverJob; error: string }[];
}

export interface RunCycleOptions {
  db: Db;
  delivery: DeliverDeps;
  /** Null skips ingestion (match and deliver what is already stored). */
  source: QuestionSource | null;
  partitions: number;
  /** Also send every pending daily and weekly digest now. */
  flush?: boolean;
  /** The schedule's time zone (SCHEDULE_TIME_ZONE), for the flushed digests' run keys. Default Europe/London. */
  timeZone?: string;
  logger?: IngestLogger;
  onStep?: (step: string) => void;
}

/**
 * One full cycle in the foreground, in this process, through the same domain functions the workers call:
 * ingest → dispatch match jobs → run them → send immediate alerts → (with flush) daily and weekly digests.
 * For ops and tests; the queued system does the same work spread over workers.
 */
export async function runCycle(options: RunCycleOptions): Promise<CycleReport> {
  const { db, delivery, partitions, onStep = () => {} } = options;
  const report: CycleReport = {
    ingest: null,
    matchJobs: 0,
    matchesInserted: 0,
    sent: 0,
    nothingToSend: 0,
    skipped: 0,
    failed: [],
  };
  if (options.source) {
    onStep(`ingesting from ${options.source.name}`);
    report.ingest = await ingest({ db, source: options.source, ...(options.logger ? { logger: options.logger } : {}) });
  }
  const jobs: MatchJob[] = [];
  await dispatchMatchJobs({ db, partitions, enqueue: async (batch) => void jobs.push(...batch) });
  // In this process every job runs now, so none is left owed to the reconciler.
  report.matchJobs = jobs.length;
  const indexCache = createSubscriptionIndexCache(db);
  for (const job of jobs) {
    onStep(`matching events ${job.fromEventId}..${job.toEventId}, partition ${job.partition + 1} of ${job.partitions}`);
    const result = await runMatchJob({ db, job, indexCache });
    await finishMatchWork(db, job);
    report.matchesInserted += result.inserted;
  }
  // Every partition is matched before anything is sent, so one immediate email per subscriber carries all their new
  // matches, and the sweep with no grace also picks up any a previous run or worker left unannounced.
  const unannounced = await findUnannouncedImmediate(db, { graceMs: 0 });
  const deliveries: DeliverJob[] = unannounced.map((u) => deliverJobs.immediate(u.subscriberId, u.newestMatchId));
  // Follow emails, as the ingester enqueues them on every tick.
  for (const n of await findFollowNotices(db))
    deliveries.push(deliverJobs.follow(n.subscriberId, n.followId, n.eventId));
  if (options.flush) {
    for (const frequency of ['DAILY', 'WEEKLY'] as const) {
      const runKey = flushRunKey(frequency, new Date(), options.timeZone);
      for (const subscriberId of await subscribersWithPendingMatches(db, frequency))
        deliveries.push(deliverJobs.digest(subscriberId, frequency, runKey));
    }
  }
  let done = 0;
  for (const job of deliveries) {
    onStep(`sending ${++done} of ${deliveries.length}`);
    let outcome: DeliverOutcome;
    try {
      outcome = await deliver(delivery, job);
    } catch (error) {
      report.failed.push({ job, error: (error as Error).message });
      continue;
    }
    if (outcome.status === 'deferred' || outcome.status === 'gave-up') {
      report.failed.push({ job, error: outcome.error });
      continue;
    }
    if (outcome.status === 'sent') report.sent++;
    else if (outcome.status === 'nothing-to-send' || outcome.status === 'already-sent') report.nothingToSend++;
    else report.skipped++;
  }
  return report;
}
