import { createDeliveryDeps } from '@alerts/pipeline';
import { createRuntime, onShutdown } from '@alerts/runtime';
import { loadEnv } from './env';
import { startMailer } from './start-mailer';

// `npm start -w @alerts/mailer`: one mailer process. Scale out by running more.
async function main() {
  const env = loadEnv();
  const runtime = await createRuntime({ name: 'mailer', env, logLevel: env.LOG_LEVEL });
  const delivery = await createDeliveryDeps(runtime.db, env);
  const mailer = startMailer({ ...runtime, connection: runtime.redis, delivery, concurrency: env.MAILER_CONCURRENCY, ratePerSecond: env.MAILER_RATE_PER_SECOND, lockMs: env.MAILER_LOCK_MS });
  runtime.logger.info({ concurrency: env.MAILER_CONCURRENCY, transport: env.SMTP_URL ? 'smtp' : `dev mailbox ${env.DEV_MAILBOX_DIR}` }, 'mailer started');
  onShutdown(async () => {
    await mailer.close();
    await delivery.transport.close();
    await runtime.close();
  }, runtime.logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`mailer: ${(error as Error).message}\n`);
  process.exit(1);
});
