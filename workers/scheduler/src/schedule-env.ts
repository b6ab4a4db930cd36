import { defaultSourceName } from '@alerts/sources/names';
import { z } from 'zod';
import type { SchedulerOptions } from './start-scheduler';

/** The schedule's variables: the scheduler process parses them, and so does `alerts start`, which runs one. */
export const scheduleEnvShape = {
  /** Every 10 minutes by default; INGEST_PERIOD_MINUTES must match, as it names the slot in the job id. */
  INGEST_CRON: z.string().default('*/10 * * * *'),
  INGEST_PERIOD_MINUTES: z.coerce.number().int().positive().default(10),
  DAILY_DIGEST_CRON: z.string().default('0 7 * * *'),
  WEEKLY_DIGEST_CRON: z.string().default('0 7 * * 1'),
  SCHEDULE_TIME_ZONE: z.string().default('Europe/London'),
  /**
   * How often the reconciler looks in PostgreSQL for owed work no job carries (lost by Redis, failed for good, a
   * retry now due). Every minute by default; a cron with a seconds field also works (the tests tick every 2 s).
   */
  RECONCILE_CRON: z.string().default('* * * * *'),
};

export type ScheduleEnv = z.infer<z.ZodObject<typeof scheduleEnvShape>>;

/** Scheduler options from a parsed environment; the source is the Parliament API when one is configured. */
export function scheduleOptionsFrom(
  env: ScheduleEnv & { PARLIAMENT_API_URL?: string | undefined },
): Omit<SchedulerOptions, 'queues' | 'logger' | 'recordDigestRun'> {
  return {
    source: defaultSourceName({ parliamentApiUrl: env.PARLIAMENT_API_URL }),
    ingestCron: env.INGEST_CRON,
    ingestPeriodMinutes: env.INGEST_PERIOD_MINUTES,
    dailyCron: env.DAILY_DIGEST_CRON,
    weeklyCron: env.WEEKLY_DIGEST_CRON,
    timeZone: env.SCHEDULE_TIME_ZONE,
    reconcileCron: env.RECONCILE_CRON,
  };
}
