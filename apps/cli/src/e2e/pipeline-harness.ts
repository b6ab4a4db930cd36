import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport } from '@alerts/email';
import { startIngester } from '@alerts/ingester';
import { createLogger } from '@alerts/logger';
import { startMailer } from '@alerts/mailer';
import { startMatcher } from '@alerts/matcher';
import { createTestDeliverDeps } from '@alerts/delivery/testing';
import { createQueues, createRedis, type Queues, type RedisConnection, type RedisSettings } from '@alerts/queue';
import { createTokenSigner } from '@alerts/tokens';

export const BASE_URL = 'http://alerts.test';

/**
 * The pipeline's workers in this process on a fresh database and a fresh Redis key prefix, mailing `smtpUrl`.
 * `redis` picks another Redis (a cluster); the prefix then carries a hash tag, as a cluster requires.
 */
export async function startPipeline(options: { smtpUrl: string; partitions?: number; redis?: RedisSettings }) {
  const t: TestDatabase = await createTestDatabase();
  const id = `test-${randomBytes(4).toString('hex')}`;
  const prefix = options.redis?.clusterNodes?.length ? `{${id}}` : id;
  const redis: RedisConnection = createRedis(
    options.redis ?? { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  );
  const partitions = options.partitions ?? 3;
  const queues: Queues = createQueues({ connection: redis, prefix, matchPartitions: partitions });
  const logger = createLogger({ name: 'e2e', level: process.env.E2E_LOG_LEVEL ?? 'silent' });
  const delivery = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport: createSmtpTransport({ smtpUrl: options.smtpUrl }),
    config: {
      baseUrl: BASE_URL,
      envelopeFrom: 'bounces+{recipient}@alerts.test',
      unsubscribeMailto: 'mailto:unsubscribe@alerts.test',
      signer: createTokenSigner('e2e-secret-e2e-secret-e2e-secret-e2e'),
    },
  });
  const common = { connection: redis, prefix, db: t.db, queues, logger };
  const parts = [
    startIngester({
      ...common,
      sources: {},
      partitions,
      sweepGraceMs: 60_000,
      leaseMs: 120_000,
      giveUpAfterMs: 72 * 3600_000,
    }),
    startMatcher({ ...common, partitions: Array.from({ length: partitions }, (_, p) => p), leaseMs: 120_000 }),
    startMailer({ ...common, delivery, concurrency: 4, ratePerSecond: 1000, leaseMs: 120_000 }),
  ];

  /** Resolve when no queue has waiting, active or delayed jobs (polled: BullMQ has no global "idle" event). */
  async function idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(
        queues.all.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')),
      );
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
      if (Date.now() > deadline) throw new Error(`queues not idle after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    db: t.db,
    redis,
    prefix,
    queues,
    delivery,
    idle,
    stop: async () => {
      for (const part of parts) await part.close();
      await delivery.close();
      for (const q of queues.all) await q.obliterate({ force: true }).catch(() => {});
      await queues.close();
      await redis.quit();
      await t.drop();
    },
  };
}
