import { createRuntime, onShutdown } from '@alerts/runtime';
import { loadEnv } from './env';
import { startMatcher } from './start-matcher';

// `npm start -w @alerts/matcher`: one match worker. N of them share the partitions.
async function main() {
  const env = loadEnv();
  const runtime = await createRuntime({ name: 'matcher', env, logLevel: env.LOG_LEVEL });
  const matcher = startMatcher({ ...runtime, connection: runtime.redis });
  runtime.logger.info({}, 'matcher started');
  onShutdown(async () => {
    await matcher.close();
    await runtime.close();
  }, runtime.logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`matcher: ${(error as Error).message}\n`);
  process.exit(1);
});
