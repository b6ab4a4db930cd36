import { createRuntime, onShutdown } from '@alerts/runtime';
import { loadEnv } from './env';
import { startScheduler } from './start-scheduler';

// `npm start -w @alerts/scheduler`: ticks only enqueue. Running two is safe (deterministic job ids).
async function main() {
  const env = loadEnv();
  const runtime = await createRuntime({ name: 'scheduler', env, logLevel: env.LOG_LEVEL });
  const scheduler = startScheduler({
    queues: runtime.queues,
    logger: runtime.logger,
    source: env.PARLIAMENT_API_URL ? 'parliament' : 'sample',
    ingestCron: env.INGEST_CRON,
    ingestPeriodMinutes: env.INGEST_PERIOD_MINUTES,
    dailyCron: env.DAILY_DIGEST_CRON,
    weeklyCron: env.WEEKLY_DIGEST_CRON,
    timeZone: env.SCHEDULE_TIME_ZONE,
  });
  runtime.logger.info({ ingest: env.INGEST_CRON, daily: env.DAILY_DIGEST_CRON, weekly: env.WEEKLY_DIGEST_CRON, tz: env.SCHEDULE_TIME_ZONE }, 'scheduler started');
  onShutdown(async () => {
    await scheduler.close();
    await runtime.close();
  }, runtime.logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`scheduler: ${(error as Error).message}\n`);
  process.exit(1);
});
