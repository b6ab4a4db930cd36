import { createRuntime, onShutdown } from '@alerts/runtime';
import { loadEnv } from './env';
import { startIngester } from './start-ingester';

// `npm start -w @alerts/ingester`: fetches questions when the scheduler says so.
async function main() {
  const env = loadEnv();
  const runtime = await createRuntime({ name: 'ingester', env, logLevel: env.LOG_LEVEL });
  const ingester = startIngester({
    ...runtime,
    connection: runtime.redis,
    sources: { parliamentApiUrl: env.PARLIAMENT_API_URL, membersApiUrl: env.MEMBERS_API_URL },
    partitions: env.MATCH_PARTITIONS,
  });
  runtime.logger.info({}, 'ingester started');
  onShutdown(async () => {
    await ingester.close();
    await runtime.close();
  }, runtime.logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`ingester: ${(error as Error).message}\n`);
  process.exit(1);
});
