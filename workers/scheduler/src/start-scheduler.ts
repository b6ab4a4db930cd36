import type { Logger } from '@alerts/logger';
import { digestRunKey, type Queues } from '@alerts/queue';
import { CronJob } from 'cron';
import { slotFor } from './slots';

export interface SchedulerOptions {
  queues: Queues;
  source: 'parliament' | 'sample';
  /** Cron expressions; defaults: ingest every 10 minutes, daily at 07:00, weekly Monday 07:00. */
  ingestCron: string;
  ingestPeriodMinutes: number;
  dailyCron: string;
  weeklyCron: string;
  timeZone: string;
  logger: Logger;
}

/**
 * The scheduler only enqueues, with deterministic job ids: a double tick or a second scheduler process adds nothing.
 * All the work happens in the workers.
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
  const jobs = [
    CronJob.from({
      cronTime: options.ingestCron,
      timeZone,
      start: true,
      onTick: guard('ingest', async () => {
        const job = await queues.enqueueIngest({ source: options.source, slot: slotFor(new Date(), options.ingestPeriodMinutes) });
        logger.info({ jobId: job.id }, 'ingest enqueued');
      }),
    }),
    CronJob.from({
      cronTime: options.dailyCron,
      timeZone,
      start: true,
      onTick: guard('daily', async () => queues.enqueueDigest({ frequency: 'DAILY', runKey: digestRunKey('DAILY', new Date(), timeZone) })),
    }),
    CronJob.from({
      cronTime: options.weeklyCron,
      timeZone,
      start: true,
      onTick: guard('weekly', async () => queues.enqueueDigest({ frequency: 'WEEKLY', runKey: digestRunKey('WEEKLY', new Date(), timeZone) })),
    }),
  ];
  return {
    jobs,
    close: async () => {
      for (const job of jobs) await job.stop();
    },
  };
}
