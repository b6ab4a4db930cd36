import { createLogger } from '@alerts/logger';
import { loadWebEnv } from '../../src/env';
import { startWeb } from '../../src/start-web';
import { TEST_SESSION_SECRET, TEST_TOKEN_SECRET, type TestContext } from '../test-app';

/**
 * The web app as `main.ts` starts it, from environment variables, on the test's database, Redis and queues, on an
 * ephemeral port. Use for behaviour that comes from how the environment is read (proxies, production mode).
 */
export async function startTestWeb(ctx: TestContext, vars: Record<string, string> = {}) {
  const env = loadWebEnv({
    DATABASE_URL: 'postgresql://unused@127.0.0.1/unused',
    PUBLIC_BASE_URL: 'https://alerts.test',
    TOKEN_SECRET: TEST_TOKEN_SECRET,
    ADMIN_SESSION_SECRET: TEST_SESSION_SECRET,
    DEV_MAILBOX_DIR: ctx.mailboxDir,
    PORT: '0',
    ...vars,
  });
  return startWeb({
    runtime: {
      db: ctx.db,
      redis: ctx.redis,
      queues: ctx.queues,
      logger: createLogger({ name: 'web', level: 'silent' }),
    },
    env,
  });
}
