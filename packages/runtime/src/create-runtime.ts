import type { PipelineEnv } from '@alerts/config';
import { assertDatabaseReady, createDb, sessionSettingsWarnings, sqlPoolOf, type Db } from '@alerts/db';
import { createLogger, type Logger } from '@alerts/logger';
import { createQueues, createRedis, type Queues, type RedisConnection } from '@alerts/queue';

export interface Runtime {
  db: Db;
  /** The queue key prefix, for the workers this process starts. */
  prefix: string;
  redis: RedisConnection;
  queues: Queues;
  logger: Logger;
  /** Close queues, Redis and the database, in that order. */
  close(): Promise<void>;
}

/**
 * Connect everything a pipeline process needs, failing fast with an actionable message when PostgreSQL is down or
 * not migrated. One Redis connection with `maxRetriesPerRequest: null`, shared by the process's workers and queues.
 */
export async function createRuntime(options: {
  name: string;
  env: Pick<PipelineEnv, 'DATABASE_URL' | 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'QUEUE_PREFIX' | 'MATCH_PARTITIONS'>;
  logLevel?: string;
  dbPoolSize?: number;
}): Promise<Runtime> {
  const logger = createLogger({ name: options.name, level: options.logLevel ?? 'info' });
  await assertDatabaseReady(options.env.DATABASE_URL);
  const db = createDb({
    url: options.env.DATABASE_URL,
    // "alerts-matcher", "alerts-web", "alerts" (every role in one process): pg_stat_activity names the worker.
    applicationName: options.name === 'alerts' ? 'alerts' : `alerts-${options.name}`,
    ...(options.dbPoolSize ? { poolSize: options.dbPoolSize } : {}),
  });
  for (const warning of await sessionSettingsWarnings(sqlPoolOf(db), { whose: `the ${options.name} process` }))
    logger.warn(warning);
  const redis = createRedis({ url: options.env.REDIS_URL, clusterNodes: options.env.REDIS_CLUSTER_NODES });
  redis.on('error', (error) => logger.error({ err: error }, 'redis error'));
  const queues = createQueues({
    connection: redis,
    prefix: options.env.QUEUE_PREFIX,
    matchPartitions: options.env.MATCH_PARTITIONS,
  });
  return {
    db,
    prefix: options.env.QUEUE_PREFIX,
    redis,
    queues,
    logger,
    close: async () => {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
      await db.$disconnect();
    },
  };
}
