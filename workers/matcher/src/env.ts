import { logLevel, parseEnv, pipelineEnvShape } from '@alerts/config';
import { z } from 'zod';

const schema = z.object({ ...pipelineEnvShape, LOG_LEVEL: logLevel });
export type WorkerEnv = z.infer<typeof schema>;
export const loadEnv = (source: Record<string, string | undefined> = process.env): WorkerEnv =>
  parseEnv(schema, source);
