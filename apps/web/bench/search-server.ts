// The web app as bench:search runs it: its own process (so its RSS is its own), rate limits lifted because one
// client sends every request. Tells the parent its address over IPC.
import { createLogger } from '@alerts/logger';
import { createDb } from '@alerts/db';
import { createQueues, createRedis } from '@alerts/queue';
import { createTokenSigner } from '@alerts/tokens';
import { buildApp } from '../src/app';

async function main() {
  const db = createDb({ url: process.env.DATABASE_URL ?? '' });
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const queues = createQueues({ connection: redis, prefix: 'bench-search' });
  const app = await buildApp({
    db,
    redis,
    queues,
    logger: createLogger({ name: 'web', level: 'warn' }),
    signer: createTokenSigner('bench-search-token-secret-0123456789abcdef'),
    config: {
      baseUrl: 'http://localhost',
      devMailboxDir: null,
      sessionSecret: 'bench-search-session-secret-0123456789',
      secureCookies: false,
      trustProxy: false,
      rateLimits: { searchPerMinute: 1_000_000, signupPerMinute: 1_000_000 },
    },
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ address });
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => Promise.all([queues.close(), redis.quit(), db.$disconnect()]))
        .then(() => process.exit(0)),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
