import { loadEnvOrExit, runProcess } from '@alerts/runtime';
import { startBouncerRole } from './bouncer-role';
import { loadEnv } from './env';

// `npm start -w @alerts/bouncer`: the SMTP receiver for the VERP bounce address. Running two is safe (reports are
// recorded once by their dedupe key, and soft bounces are counted under a per-address lock).
const env = loadEnvOrExit('bouncer', loadEnv);
runProcess({
  name: 'bouncer',
  env,
  describe: {
    smtp: `${env.BOUNCE_SMTP_HOST}:${env.BOUNCE_SMTP_PORT}`,
    returnAddress: env.MAIL_ENVELOPE_FROM ?? env.MAIL_FROM_ADDRESS,
  },
  start: (runtime) => startBouncerRole(runtime, env),
});
