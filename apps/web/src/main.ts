import { createRuntime, onShutdown } from '@alerts/runtime';
import { loadWebEnv } from './env';
import { startWeb } from './start-web';

/** The web app as its own process (`npm start -w @alerts/web`): parse env, listen, shut down gracefully. */
async function main() {
  const env = loadWebEnv();
  const runtime = await createRuntime({ name: 'web', env, logLevel: env.LOG_LEVEL });
  const web = await startWeb({ runtime, env });
  runtime.logger.info({ address: web.address }, 'web app listening');
  onShutdown(async () => {
    await web.close();
    await runtime.close();
  }, runtime.logger);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
