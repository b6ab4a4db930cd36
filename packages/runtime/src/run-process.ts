import type { PipelineEnv } from '@alerts/config';
import { createRuntime, type Runtime } from './create-runtime';
import { onShutdown } from './on-shutdown';
import { startHeartbeat } from './start-heartbeat';
import { warnAboutRedis } from './warn-about-redis';
import type { WorkerRole } from './worker-roles';

/**
 * The life of a worker process: connect, start, log that it started, beat its heartbeat, and on SIGTERM remove the
 * heartbeat and stop the role before closing queues, Redis and the database. A failure to start prints one line and
 * exits 1. Redis's eviction policy and persistence are checked alongside, without delaying the start.
 */
export function runProcess(options: {
  name: WorkerRole;
  env: Pick<
    PipelineEnv,
    | 'DATABASE_URL'
    | 'REDIS_URL'
    | 'REDIS_CLUSTER_NODES'
    | 'QUEUE_PREFIX'
    | 'MATCH_PARTITIONS'
    | 'HEARTBEAT_INTERVAL_SECONDS'
  > & { LOG_LEVEL: string };
  start: (runtime: Runtime) => Promise<{ close(): Promise<void> }> | { close(): Promise<void> };
  /** Fields for the "started" log line. */
  describe?: Record<string, unknown>;
  /** Database connections; give a worker one per concurrent job plus one. Default 5. */
  dbPoolSize?: number;
}): void {
  const { name, env } = options;
  (async () => {
    const runtime = await createRuntime({
      name,
      env,
      logLevel: env.LOG_LEVEL,
      ...(options.dbPoolSize ? { dbPoolSize: options.dbPoolSize } : {}),
    });
    void warnAboutRedis(runtime.redis, runtime.logger);
    const started = await options.start(runtime);
    // After the role has started, so a row means the role is working; removed first on shutdown, while it drains.
    const heartbeat = startHeartbeat({
      db: runtime.db,
      role: name,
      logger: runtime.logger,
      intervalMs: env.HEARTBEAT_INTERVAL_SECONDS * 1000,
    });
    runtime.logger.info({ ...options.describe, heartbeat: heartbeat.id }, `${name} started`);
    onShutdown(async () => {
      await heartbeat.stop();
      await started.close();
      await runtime.close();
    }, runtime.logger);
  })().catch((error: unknown) => {
    process.stderr.write(`${name}: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
