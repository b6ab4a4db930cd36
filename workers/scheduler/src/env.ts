import { httpUrl, logLevel, parseEnv, pipelineEnvShape } from '@alerts/config';
import { z } from 'zod';
import { scheduleEnvShape } from './schedule-env';

const schema = z.object({
  ...pipelineEnvShape,
  ...scheduleEnvShape,
  LOG_LEVEL: logLevel,
  PARLIAMENT_API_URL: httpUrl.optional(),
});
export type SchedulerEnv = z.infer<typeof schema>;
export const loadEnv = (source: Record<string, string | undefined> = process.env): SchedulerEnv =>
  parseEnv(schema, source);
