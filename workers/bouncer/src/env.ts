import { bounceEnvShape, logLevel, parseEnv, pipelineEnvShape, port } from '@alerts/config';
import { z } from 'zod';

/** The bouncer's own settings; `alerts start` reads them too, as it runs the bouncer in its one process. */
export const bouncerEnvShape = {
  ...bounceEnvShape,
  /** Where the SMTP receiver listens. 2525 by default: point the MX of the bounce domain (or your MTA) at it. */
  BOUNCE_SMTP_PORT: port.default(2525),
  /** 0.0.0.0 to take mail from the network; the default keeps a dev machine's receiver to itself. */
  BOUNCE_SMTP_HOST: z.string().default('127.0.0.1'),
  /** Largest message accepted (bytes); bigger ones are refused with 552. Bounces carry a copy of our email. */
  BOUNCE_SMTP_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(2 * 1024 * 1024),
};

const schema = z.object({ ...pipelineEnvShape, ...bouncerEnvShape, LOG_LEVEL: logLevel });
export type BouncerEnv = z.infer<typeof schema>;
export const loadEnv = (source: Record<string, string | undefined> = process.env): BouncerEnv =>
  parseEnv(schema, source);
