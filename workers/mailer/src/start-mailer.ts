import type { Db } from '@alerts/db';
import { isEmailError } from '@alerts/email';
import type { Logger } from '@alerts/logger';
import { logWorkerEvents } from '@alerts/runtime';
import { deliver, PipelineError, subscribersWithPendingMatches, type DeliverDeps } from '@alerts/pipeline';
import { deliverJobs, deliverJobSchema, digestJobSchema, QUEUES, type Queues } from '@alerts/queue';
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';

export interface MailerOptions {
  connection: Redis;
  prefix?: string;
  db: Db;
  queues: Queues;
  delivery: DeliverDeps;
  concurrency: number;
  /** Emails per second across every mailer (BullMQ's limiter is global per queue). */
  ratePerSecond: number;
  /** Job lock in ms; a dead worker's jobs go back to the queue about this long after it died. Default 30 000. */
  lockMs?: number;
  logger: Logger;
}

/**
 * Permanent failures stop retrying: a hard bounce (already suppressed by the pipeline), and data or configuration
 * the email package refuses (retrying cannot fix those). Everything else goes back to BullMQ's backoff.
 */
function unrecoverable(error: unknown): unknown {
  if (error instanceof PipelineError && error.permanent) return new UnrecoverableError(error.message);
  if (isEmailError(error) && error.code !== 'EMAIL_SEND_TRANSIENT') return new UnrecoverableError(`${error.code}: ${error.message}`);
  return error;
}

/**
 * The mailer: renders and sends delivery jobs, and fans daily and weekly digest runs out into delivery jobs.
 * Handlers only parse, call the pipeline, and log.
 */
export function startMailer(options: MailerOptions) {
  const { connection, prefix, logger } = options;
  const deliverWorker = new Worker(
    QUEUES.deliver,
    async (job) => {
      const parsed = deliverJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad deliver payload: ${parsed.error.message}`);
      try {
        const outcome = await deliver(options.delivery, parsed.data, job.id!);
        logger.info({ jobId: job.id, kind: parsed.data.kind, outcome: outcome.status, ...(outcome.status === 'sent' ? { items: outcome.items } : {}) }, 'delivery done');
        return outcome;
      } catch (error) {
        throw unrecoverable(error);
      }
    },
    {
      connection,
      prefix,
      concurrency: options.concurrency,
      limiter: { max: options.ratePerSecond, duration: 1000 },
      lockDuration: options.lockMs ?? 30_000,
      stalledInterval: Math.max(500, Math.floor((options.lockMs ?? 30_000) / 2)),
      // A delivery job is safe to re-run (it finds its own Delivery row), so a job whose worker died several times
      // is retried rather than failed; BullMQ's default of 1 would drop it on the second crash.
      maxStalledCount: 20,
    },
  );
  const digestWorker = new Worker(
    QUEUES.digest,
    async (job) => {
      const parsed = digestJobSchema.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad digest payload: ${parsed.error.message}`);
      const { frequency, runKey } = parsed.data;
      const subscriberIds = await subscribersWithPendingMatches(options.db, frequency);
      await options.queues.enqueueDeliver(subscriberIds.map((subscriberId) => deliverJobs.digest(subscriberId, frequency, runKey)));
      logger.info({ jobId: job.id, frequency, runKey, subscribers: subscriberIds.length }, 'digest run fanned out');
      return { subscribers: subscriberIds.length };
    },
    { connection, prefix, concurrency: 1 },
  );
  for (const worker of [deliverWorker, digestWorker]) logWorkerEvents(worker, logger);
  return {
    workers: [deliverWorker, digestWorker],
    /** Finish the jobs in hand (or let their locks expire for another worker), then stop. */
    close: async () => {
      await Promise.all([deliverWorker.close(), digestWorker.close()]);
    },
  };
}
