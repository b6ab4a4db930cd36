import { databaseUrl, httpUrl, parseEnv, redisUrl } from '@alerts/config';
import { z } from 'zod';

/** Everything the CLI reads from the environment, parsed once (STYLE.md §7). */
const schema = z.object({
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  /** Base URL of the Written Questions API. Unset means "offline": the bundled sample is the default source. */
  PARLIAMENT_API_URL: httpUrl.optional(),
  MEMBERS_API_URL: httpUrl.optional(),
});

export type CliEnv = z.infer<typeof schema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): CliEnv {
  return parseEnv(schema, source);
}
