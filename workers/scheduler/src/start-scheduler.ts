import type { Logger } from '@alerts/logger';
import { digestRunKey, type Queues } from '@alerts/queue';
import type { SourceName } from '@alerts/sources/names';
import { CronJob } from 'cron';
import { slotFor } from './slots';

export interface SchedulerOptions {
  queues: Queues;
  source: SourceName;
  /** Cron expressions; defaults: ingest every 10 minutes, daily at 07:00, weekly Monday 07:00. */
  ingestCron: string;
  ingestPeriodMinutes: number;
  dailyCron: string;
  weeklyCron: string;
  timeZone: string;
  /** Cron of the reconcile tick (RECONCILE_CRON): every minute by default. */
  reconcileCron: string;
  /**
   * Writes a digest run into the ledger (a DigestRun row) before its job is enqueued, so a Redis that loses the job
   * does not lose the run: the reconciler enqueues it again.
   */
  recordDigestRun: (frequency: 'DAILY' | 'WEEKLY', runKey: string) => Promise<void>;
  logger: Logger;
}

/**
 * The scheduler only enqueues, with deterministic job ids: a double tick or a second scheduler process adds nothing.
 * All the work happens in the workers. A digest run is also written to the ledger first (recordDigestRun).
 */
export function startScheduler(options: SchedulerOptions) {
  const { queues, logger, timeZone } = options;
  const guard = (name: string, tick: () => Promise<unknown>) => async () => {
    try {
      await tick();
    } catch (error) {
      logger.error({ err: error, schedule: name }, 'could not enqueue');
    }
  };
  const digestTick = async (frequency: 'DAILY' | 'WEEKLY') => {
    const runKey = digestRunKey(frequency, new Date(), timeZone);
    await options.recordDigestRun(frequency, runKey);
    await queues.enqueueDigest({ frequency, runKey, dispatch: 0 });
    logger.info({ frequency, runKey }, 'digest run recorded and enqueued');
  };
  const jobs = [
    CronJob.from({
      cronTime: options.ingestCron,
      timeZone,
      start: true,
      onTick: guard('ingest', async () => {
        const job = await queues.enqueueIngest({
          source: options.source,
          slot: slotFor(new Date(), options.ingestPeriodMinutes),
        });
        logger.info({ jobId: job.id }, 'ingest enqueued');
      }),
    }),
    CronJob.from({
      cronTime: options.dailyCron,
      timeZone,
      start: true,
      onTick: guard('daily', () => digestTick('DAILY')),
    }),
    CronJob.from({
      cronTime: options.weeklyCron,
      timeZone,
      start: true,
      onTick: guard('weekly', () => digestTick('WEEKLY')),
    }),
    CronJob.from({
      cronTime: options.reconcileCron,
      timeZone,
      start: true,
      // One job per second's slot: two schedulers ticking together make one; a reconcile run twice is harmless.
      onTick: guard('reconcile', async () =>
        queues.enqueueReconcile({ slot: new Date().toISOString().slice(0, 19).replace(/:/g, '') }),
      ),
    }),
  ];
  return {
    jobs,
    close: async () => {
      for (const job of jobs) await job.stop();
    },
  };
}
