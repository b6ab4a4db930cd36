import { loadEnvOrExit, runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { mailerDbPoolSize, startMailerRole } from './mailer-role';

// `npm start -w @alerts/mailer`: one mailer process. Scale out by running more.
const env = loadEnvOrExit('mailer', loadEnv);
runProcess({
  name: 'mailer',
  env,
  dbPoolSize: mailerDbPoolSize(env),
  describe: {
    concurrency: env.MAILER_CONCURRENCY,
    transport: env.SMTP_URL ? 'smtp' : `dev mailbox ${env.DEV_MAILBOX_DIR}`,
  },
  start: (runtime) => startMailerRole(runtime, env),
});
