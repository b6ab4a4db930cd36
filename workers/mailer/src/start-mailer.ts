import type { Db } from '@alerts/db';
import { isEmailError } from '@alerts/email';
import type { Logger } from '@alerts/logger';
import { logWorkerEvents } from '@alerts/runtime';
import { deliver, deliverPlanned, planDigestRun, type DeliverDeps } from '@alerts/delivery';
import { PipelineError } from '@alerts/subscriptions';
import {
  deliverJobSchema,
  deliveryDispatchSchema,
  digestJobSchema,
  QUEUES,
  type Queues,
  type RedisConnection,
} from '@alerts/queue';
import { UnrecoverableError, Worker } from 'bullmq';

export interface MailerOptions {
  connection: RedisConnection;
  prefix?: string;
  db: Db;
  queues: Queues;
  delivery: DeliverDeps;
  concurrency: number;
  /** Emails per second across every mailer (BullMQ's limiter is global per queue). */
  ratePerSecond: number;
  /** Job lock in ms; a dead worker's jobs go back to the queue about this long after it died. Default 30 000. */
  lockMs?: number;
  /** When the reconciler first looks whether a planned delivery's job is still queued (RECONCILE_LEASE_SECONDS). */
  leaseMs: number;
  logger: Logger;
}

/**
 * Permanent failures stop retrying: a hard bounce (already suppressed by the pipeline), and data or configuration
 * the email package refuses (retrying cannot fix those). Everything else goes back to BullMQ's backoff.
 */
function unrecoverable(error: unknown): unknown {
  if (error instanceof PipelineError && error.permanent) return new UnrecoverableError(error.message);
  if (isEmailError(error) && error.code !== 'EMAIL_SEND_TRANSIENT')
    return new UnrecoverableError(`${error.code}: ${error.message}`);
  return error;
}

/**
 * The mailer: sends planned deliveries (a job names a Delivery row), and plans daily and weekly digest runs (one
 * delivery per subscriber). Handlers only parse, call the pipeline, and log.
 */
export function startMailer(options: MailerOptions) {
  const { connection, prefix, logger } = options;
  const deliverWorker = new Worker(
    QUEUES.deliver,
    async (job) => {
      const dispatch = deliveryDispatchSchema.safeParse(job.data);
      // A job queued before the ledger carries the work itself: plan it, then send it (nothing queued is lost).
      const legacy = dispatch.success ? null : deliverJobSchema.safeParse(job.data);
      if (!dispatch.success && !legacy?.success)
        throw new UnrecoverableError(`bad deliver payload: ${dispatch.error.message}`);
      try {
        const outcome = dispatch.success
          ? await deliverPlanned(options.delivery, dispatch.data.deliveryId)
          : await deliver(options.delivery, legacy!.data!);
        if (outcome.status === 'deferred')
          logger.warn(
            { jobId: job.id, retryAt: outcome.retryAt, error: outcome.error },
            'delivery failed for now; it stays owed and is retried then',
          );
        else if (outcome.status === 'gave-up')
          logger.error(
            { jobId: job.id, error: outcome.error },
            'delivery failed for too long: marked FAILED for an admin',
          );
        else
          logger.info(
            { jobId: job.id, outcome: outcome.status, ...(outcome.status === 'sent' ? { items: outcome.items } : {}) },
            'delivery done',
          );
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
      const planned = await planDigestRun(options.db, { frequency, runKey, leaseMs: options.leaseMs });
      if (planned.length) await options.queues.enqueueDeliveries(planned);
      logger.info(
        { jobId: job.id, frequency, runKey, deliveries: planned.length },
        planned.length ? 'digest run planned' : 'digest run: nothing new to plan',
      );
      return { deliveries: planned.length };
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
