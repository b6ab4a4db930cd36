import { randomBytes } from 'node:crypto';
import { sqlPoolOf } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createRenderer, createSmtpTransport, type MailTransport } from '@alerts/email';
import { startIngester } from '@alerts/ingester';
import { createLogger } from '@alerts/logger';
import { startMailer } from '@alerts/mailer';
import { startMatcher } from '@alerts/matcher';
import { createQuestionCardsCache, createSendAndRecord, createSubscriberLocks, type DeliverDeps } from '@alerts/pipeline';
import { createQueues, createRedis, type Queues } from '@alerts/queue';
import { createTokenSigner } from '@alerts/tokens';
import type { Redis } from 'ioredis';

export const BASE_URL = 'http://alerts.test';

/** The pipeline's workers in this process on a fresh database and a fresh Redis key prefix, mailing `smtpUrl`. */
export async function startPipeline(options: { smtpUrl: string; partitions?: number }) {
  const t: TestDatabase = await createTestDatabase();
  const prefix = `test-${randomBytes(4).toString('hex')}`;
  const redis: Redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const queues: Queues = createQueues({ connection: redis, prefix });
  const logger = createLogger({ name: 'e2e', level: process.env.E2E_LOG_LEVEL ?? 'silent' });
  const transport: MailTransport = createSmtpTransport({ smtpUrl: options.smtpUrl });
  const delivery: DeliverDeps = {
    db: t.db,
    sendAndRecord: createSendAndRecord(transport, sqlPoolOf(t.db)),
    renderer: await createRenderer(),
    config: {
      baseUrl: BASE_URL,
      from: { name: 'Parliament Alerts', address: 'alerts@alerts.test' },
      envelopeFrom: 'bounces+{recipient}@alerts.test',
      unsubscribeMailto: 'mailto:unsubscribe@alerts.test',
      messageIdDomain: 'alerts.test',
      maxCardsPerAlert: 10,
      signer: createTokenSigner('e2e-secret-e2e-secret-e2e-secret-e2e'),
    },
    cards: createQuestionCardsCache(t.db),
    locks: createSubscriberLocks({ databaseUrl: t.url, connections: 4 }),
  };
  const partitions = options.partitions ?? 3;
  const common = { connection: redis, prefix, db: t.db, queues, logger };
  const parts = [
    startIngester({ ...common, sources: {}, partitions, sweepGraceMs: 60_000 }),
    startMatcher({ ...common }),
    startMailer({ ...common, delivery, concurrency: 4, ratePerSecond: 1000 }),
  ];

  /** Resolve when no queue has waiting, active or delayed jobs (polled: BullMQ has no global "idle" event). */
  async function idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const counts = await Promise.all(queues.all.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children')));
      if (counts.every((c) => Object.values(c).every((n) => n === 0))) return;
      if (Date.now() > deadline) throw new Error(`queues not idle after ${timeoutMs} ms: ${JSON.stringify(counts)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    db: t.db,
    queues,
    delivery,
    idle,
    stop: async () => {
      for (const part of parts) await part.close();
      await delivery.locks.close();
      await transport.close();
      for (const q of queues.all) await q.obliterate({ force: true }).catch(() => {});
      await queues.close();
      await redis.quit();
      await t.drop();
    },
  };
}
