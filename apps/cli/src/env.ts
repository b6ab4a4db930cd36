import { httpUrl, logLevel, parseEnv, pipelineEnvShape } from '@alerts/config';
import { bouncerEnvShape } from '@alerts/bouncer';
import { scheduleEnvShape } from '@alerts/scheduler';
import { z } from 'zod';

/** Everything the CLI reads from the environment, parsed once (STYLE.md §7). */
const schema = z.object({
  ...pipelineEnvShape,
  ...scheduleEnvShape,
  ...bouncerEnvShape,
  /** Logs of `alerts start` (JSON on stdout); warnings and errors by default, to keep the terminal readable. */
  LOG_LEVEL: logLevel.default('warn'),
  /** Base URL of the Written Questions API. Unset means "offline": the bundled sample is the default source. */
  PARLIAMENT_API_URL: httpUrl.optional(),
  MEMBERS_API_URL: httpUrl.optional(),
});

export type CliEnv = z.infer<typeof schema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  return parseEnv(schema, source);
}
