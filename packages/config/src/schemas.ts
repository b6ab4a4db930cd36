import { z } from 'zod';

/** Default database: the local PostgreSQL that `infra/docker-compose.yml` and the dev machine provide. */
export const DEFAULT_DATABASE_URL = 'postgresql://root@127.0.0.1:5432/alerts';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const urlWithProtocols = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}, e.g. ${example}` },
  );

export const databaseUrl = urlWithProtocols(['postgresql:', 'postgres:'], DEFAULT_DATABASE_URL).default(
  DEFAULT_DATABASE_URL,
);
export const redisUrl = urlWithProtocols(['redis:', 'rediss:'], DEFAULT_REDIS_URL).default(DEFAULT_REDIS_URL);
export const httpUrl = urlWithProtocols(['http:', 'https:'], 'https://example.org');
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');
export const port = z.coerce.number().int().min(0).max(65535);
