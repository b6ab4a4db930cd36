import { logLevel, parseEnv, pipelineEnvShape, port } from '@alerts/config';
import { z } from 'zod';

/** Used only outside production so a fresh clone works; production must set ADMIN_SESSION_SECRET. */
export const DEV_ADMIN_SESSION_SECRET = 'dev-only-insecure-admin-session-secret-change-me';

const schema = z.object({
  ...pipelineEnvShape,
  PORT: port.default(3000),
  /** 0.0.0.0 in containers; the default keeps a dev machine's app off the network. */
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: logLevel,
  /** Signs admin session cookies; at least 32 characters of randomness. */
  ADMIN_SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Set when behind a reverse proxy, so rate limits see the client's address rather than the proxy's. */
  TRUST_PROXY: z.stringbool().default(false),
});

export type WebEnv = z.infer<typeof schema>;

/** Parse the web app's environment once, at the edge (STYLE.md §7). */
export function loadWebEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  return parseEnv(schema, source);
}

export function adminSessionSecretFrom(env: Pick<WebEnv, 'NODE_ENV' | 'ADMIN_SESSION_SECRET'>): string {
  if (env.ADMIN_SESSION_SECRET) return env.ADMIN_SESSION_SECRET;
  if (env.NODE_ENV === 'production') throw new Error('ADMIN_SESSION_SECRET: required in production (at least 32 random characters)');
  return DEV_ADMIN_SESSION_SECRET;
}
