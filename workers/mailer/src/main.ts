import { createDeliveryDeps, mailTransportOptionsFrom } from '@alerts/pipeline';
import { runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { startSenderThread } from './sender-thread/start-sender-thread';
import { startMailer } from './start-mailer';

// `npm start -w @alerts/mailer`: one mailer process. Scale out by running more.
const env = loadEnv();
runProcess({
  name: 'mailer',
  env,
  // Each concurrent delivery reads its state on the main thread; the sender thread has its own connections.
  dbPoolSize: env.MAILER_CONCURRENCY + 1,
  describe: { concurrency: env.MAILER_CONCURRENCY, transport: env.SMTP_URL ? 'smtp' : `dev mailbox ${env.DEV_MAILBOX_DIR}` },
  start: async (runtime) => {
    // Sending and recording each send happen on a thread of their own (see sender-thread-main.ts): rendering on
    // this thread can then never delay the commit after the SMTP server has accepted a message.
    const sender = await startSenderThread({ transport: mailTransportOptionsFrom(env), databaseUrl: env.DATABASE_URL, poolSize: env.MAILER_CONCURRENCY });
    const delivery = await createDeliveryDeps(runtime.db, env, { sendAndRecord: sender.sendAndRecord });
    const mailer = startMailer({ ...runtime, connection: runtime.redis, delivery, concurrency: env.MAILER_CONCURRENCY, ratePerSecond: env.MAILER_RATE_PER_SECOND, lockMs: env.MAILER_LOCK_MS });
    return {
      close: async () => {
        await mailer.close();
        await sender.close();
      },
    };
  },
});
