import { httpUrl, logLevel, parseEnv, pipelineEnvShape } from '@alerts/config';
import { z } from 'zod';

const schema = z.object({
  ...pipelineEnvShape,
  LOG_LEVEL: logLevel,
  PARLIAMENT_API_URL: httpUrl.optional(),
  /** Every 10 minutes by default; INGEST_PERIOD_MINUTES must match, as it names the slot in the job id. */
  INGEST_CRON: z.string().default('*/10 * * * *'),
  INGEST_PERIOD_MINUTES: z.coerce.number().int().positive().default(10),
  DAILY_DIGEST_CRON: z.string().default('0 7 * * *'),
  WEEKLY_DIGEST_CRON: z.string().default('0 7 * * 1'),
  SCHEDULE_TIME_ZONE: z.string().default('Europe/London'),
});
export type SchedulerEnv = z.infer<typeof schema>;
export const loadEnv = (source: Record<string, string | undefined> = process.env): SchedulerEnv => parseEnv(schema, source);
