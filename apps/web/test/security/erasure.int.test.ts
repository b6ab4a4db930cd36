import { createSmtpTransport } from '@alerts/email';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { deliverPlanned, reconcile } from '@alerts/delivery';
import { PipelineError } from '@alerts/subscriptions';
import { createRedis, QUEUES, type DeliveryDispatch } from '@alerts/queue';
import { UnrecoverableError, Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { createTestContext, FORM, type TestContext } from '../test-app';
import { deliverDeps } from './deliver-queued';

/**
 * Issue #20, item 6, rule 6: personal data gone after unsubscribe. Two subscribers unsubscribe; the mailer (a real BullMQ
 * worker, as deployed) sends one goodbye, and the other's mail server refuses it for good, quoting the address. Then
 * neither address is anywhere in Redis, and after one reconcile tick in no table but Suppression (which keeps a
 * refused address so that it is never mailed again).
 */
const LEAVING = 'leaving@example.org';
const REFUSED = 'refused@example.org';

let ctx: TestContext;
let app: FastifyInstance;
let smtp: TestSmtpServer;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  smtp = await startTestSmtpServer({
    respond: ({ address }) =>
      address === REFUSED ? { code: 550, message: `5.1.1 <${REFUSED}>: Recipient address rejected` } : undefined,
  });
});
afterAll(async () => {
  await smtp.close();
  await ctx.close();
});

/** A confirmed subscriber with an alert, a digest sent earlier, and an admin's audited action on them. */
async function subscriberWithHistory(email: string) {
  const subscriber = await ctx.db.subscriber.create({ data: { email, status: 'ACTIVE', confirmedAt: new Date() } });
  await ctx.db.subscription.create({
    data: { subscriberId: subscriber.id, query: 'schools', confirmedAt: new Date() },
  });
  await ctx.db.delivery.create({
    data: {
      subscriberId: subscriber.id,
      email,
      kind: 'DIGEST',
      frequency: 'DAILY',
      status: 'SENT',
      dedupeKey: `history-${subscriber.id}`,
      sentAt: new Date(),
    },
  });
  await ctx.db.auditLog.create({
    data: {
      action: 'subscriber.resend_confirmation',
      targetType: 'Subscriber',
      targetId: subscriber.id,
      detail: { email },
    },
  });
  return `/unsubscribe/${ctx.signer.sign({ purpose: 'unsubscribe', subject: subscriber.id, version: 0 })}`;
}

/** Every value stored under the test's queue prefix, as text. */
async function redisContents(redis: Redis, prefix: string): Promise<string> {
  const parts: string[] = [];
  for (const key of await redis.keys(`${prefix}:*`)) {
    const type = await redis.type(key);
    if (type === 'string') parts.push(String(await redis.get(key)));
    else if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
    else if (type === 'list') parts.push(JSON.stringify(await redis.lrange(key, 0, -1)));
    else if (type === 'set') parts.push(JSON.stringify(await redis.smembers(key)));
    else if (type === 'zset') parts.push(JSON.stringify(await redis.zrange(key, 0, -1)));
    else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
  }
  return parts.join('\n');
}

/** Tables (other than `except`) with a row whose text holds `needle`. */
async function tablesHolding(needle: string, except: string[] = []): Promise<string[]> {
  const tables = await ctx.db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const holding: string[] = [];
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const [row] = await ctx.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${name}" t WHERE t::text ILIKE $1`,
      `%${needle}%`,
    );
    if (row!.n) holding.push(name);
  }
  return holding;
}

it('after unsubscribe and the goodbye, no address is left in Redis, nor after a reconcile tick in any table but Suppression', async () => {
  for (const email of [LEAVING, REFUSED]) {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: await subscriberWithHistory(email),
          headers: FORM,
          payload: 'List-Unsubscribe=One-Click',
        })
      ).statusCode,
    ).toBe(200);
  }
  // A tick before the goodbyes go: the digests sent earlier and the audit entries lose the address at once; the
  // goodbye's row still needs it, so it keeps it.
  const first = await reconcile({
    db: ctx.db,
    queues: ctx.queues,
    sweepGraceMs: 60_000,
    leaseMs: 120_000,
    giveUpAfterMs: 72 * 3600_000,
  });
  expect(first.erased).toEqual({ deliveries: 2, auditEntries: 2 });
  expect(
    await ctx.db.delivery.count({ where: { kind: 'GOODBYE', email: { in: [LEAVING, REFUSED] }, status: 'PENDING' } }),
  ).toBe(2);

  // The mailer, as deployed: one worker on the deliver queue; a permanent refusal fails its job for good.
  const deps = await deliverDeps(ctx, createSmtpTransport({ smtpUrl: smtp.url }));
  const connection = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const worker = new Worker<DeliveryDispatch>(
    QUEUES.deliver,
    async (job) => {
      try {
        return await deliverPlanned(deps, job.data.deliveryId);
      } catch (error) {
        throw error instanceof PipelineError && error.permanent ? new UnrecoverableError(error.message) : error;
      }
    },
    { connection, prefix: ctx.prefix },
  );
  let finished = 0;
  const done = new Promise<void>((resolve) => {
    const count = () => ++finished === 2 && resolve();
    worker.on('completed', count);
    worker.on('failed', count);
  });
  await done;
  await worker.close();
  await connection.quit();
  await deps.locks.close();

  expect(smtp.messages.map((m) => m.envelope.to)).toEqual([[LEAVING]]);
  expect(await ctx.db.suppression.count({ where: { email: REFUSED } })).toBe(1);
  const redis = await redisContents(ctx.redis, ctx.prefix);
  expect(redis).toContain('deliver'); // the scan reads the queue's keys
  expect(redis.toLowerCase()).not.toContain(LEAVING);
  expect(redis.toLowerCase()).not.toContain(REFUSED);

  const report = await reconcile({
    db: ctx.db,
    queues: ctx.queues,
    sweepGraceMs: 60_000,
    leaseMs: 120_000,
    giveUpAfterMs: 72 * 3600_000,
  });
  expect(report.erased).toEqual({ deliveries: 2, auditEntries: 0 });
  expect(await tablesHolding(LEAVING)).toEqual([]);
  expect(await tablesHolding(REFUSED, ['Suppression'])).toEqual([]);
  // The history stays, without the address.
  expect(
    await ctx.db.delivery.findMany({
      where: { kind: 'GOODBYE' },
      select: { status: true, email: true },
      orderBy: { status: 'asc' },
    }),
  ).toEqual([
    { status: 'SENT', email: '' },
    { status: 'SUPPRESSED', email: '' },
  ]);
});

it('erases a goodbye that could not be sent within a day, and gives it up', async () => {
  await ctx.db.delivery.create({
    data: {
      email: 'stuck@example.org',
      kind: 'GOODBYE',
      status: 'PENDING',
      dedupeKey: 'stuck-goodbye',
      createdAt: new Date(Date.now() - 25 * 3600_000),
      dueAt: new Date(),
      error: '451 4.3.0 <stuck@example.org> try later',
    },
  });
  await ctx.db.delivery.create({
    data: {
      email: 'recent@example.org',
      kind: 'GOODBYE',
      status: 'PENDING',
      dedupeKey: 'recent-goodbye',
      createdAt: new Date(Date.now() - 23 * 3600_000),
      dueAt: new Date(Date.now() + 3600_000),
    },
  });
  await reconcile({
    db: ctx.db,
    queues: ctx.queues,
    sweepGraceMs: 60_000,
    leaseMs: 120_000,
    giveUpAfterMs: 72 * 3600_000,
  });
  expect(
    await ctx.db.delivery.findUniqueOrThrow({
      where: { dedupeKey: 'stuck-goodbye' },
      select: { status: true, email: true, error: true },
    }),
  ).toEqual({
    status: 'SKIPPED',
    email: '',
    error: 'not sent: the subscriber is gone and the address erased',
  });
  expect(
    await ctx.db.delivery.findUniqueOrThrow({
      where: { dedupeKey: 'recent-goodbye' },
      select: { status: true, email: true },
    }),
  ).toEqual({ status: 'PENDING', email: 'recent@example.org' });
});
