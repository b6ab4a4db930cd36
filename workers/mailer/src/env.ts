import { logLevel, parseEnv, pipelineEnvShape } from '@alerts/config';
import { z } from 'zod';

const schema = z.object({ ...pipelineEnvShape, LOG_LEVEL: logLevel });
export type MailerEnv = z.infer<typeof schema>;
export const loadEnv = (source: Record<string, string | undefined> = process.env): MailerEnv =>
  parseEnv(schema, source);
