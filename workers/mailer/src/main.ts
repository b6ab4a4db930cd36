import { createDeliveryDeps } from '@alerts/pipeline';
import { runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { startMailer } from './start-mailer';

// `npm start -w @alerts/mailer`: one mailer process. Scale out by running more.
const env = loadEnv();
runProcess({
  name: 'mailer',
  env,
  // Every concurrent delivery holds a connection for its state query and its commit; with fewer, jobs queue for one.
  dbPoolSize: env.MAILER_CONCURRENCY + 1,
  describe: { concurrency: env.MAILER_CONCURRENCY, transport: env.SMTP_URL ? 'smtp' : `dev mailbox ${env.DEV_MAILBOX_DIR}` },
  start: async (runtime) => {
    const delivery = await createDeliveryDeps(runtime.db, env);
    const mailer = startMailer({ ...runtime, connection: runtime.redis, delivery, concurrency: env.MAILER_CONCURRENCY, ratePerSecond: env.MAILER_RATE_PER_SECOND, lockMs: env.MAILER_LOCK_MS });
    return {
      close: async () => {
        await mailer.close();
        await delivery.transport.close();
      },
    };
  },
});
