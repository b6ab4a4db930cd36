import { loadEnvOrExit, runProcess } from '@alerts/runtime';
import { loadEnv } from './env';
import { startSchedulerRole } from './scheduler-role';

// `npm start -w @alerts/scheduler`: ticks only enqueue. Running two is safe (deterministic job ids).
const env = loadEnvOrExit('scheduler', loadEnv);
runProcess({
  name: 'scheduler',
  env,
  describe: {
    ingest: env.INGEST_CRON,
    daily: env.DAILY_DIGEST_CRON,
    weekly: env.WEEKLY_DIGEST_CRON,
    tz: env.SCHEDULE_TIME_ZONE,
  },
  start: (runtime) => startSchedulerRole(runtime, env),
});
