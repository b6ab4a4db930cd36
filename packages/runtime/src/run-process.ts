import type { PipelineEnv } from '@alerts/config';
import { createRuntime, type Runtime } from './create-runtime';
import { onShutdown } from './on-shutdown';

/**
 * The life of a worker process: connect, start, log that it started, and on SIGTERM stop it before closing queues,
 * Redis and the database. A failure to start prints one line and exits 1.
 */
export function runProcess(options: {
  name: string;
  env: Pick<PipelineEnv, 'DATABASE_URL' | 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'QUEUE_PREFIX'> & { LOG_LEVEL: string };
  start: (runtime: Runtime) => Promise<{ close(): Promise<void> }> | { close(): Promise<void> };
  /** Fields for the "started" log line. */
  describe?: Record<string, unknown>;
  /** Database connections; give a worker one per concurrent job plus one. Default 5. */
  dbPoolSize?: number;
}): void {
  const { name, env } = options;
  (async () => {
    const runtime = await createRuntime({ name, env, logLevel: env.LOG_LEVEL, ...(options.dbPoolSize ? { dbPoolSize: options.dbPoolSize } : {}) });
    const started = await options.start(runtime);
    runtime.logger.info(options.describe ?? {}, `${name} started`);
    onShutdown(async () => {
      await started.close();
      await runtime.close();
    }, runtime.logger);
  })().catch((error: unknown) => {
    process.stderr.write(`${name}: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
