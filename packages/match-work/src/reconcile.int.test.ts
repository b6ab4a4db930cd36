import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createQueues, createRedis, deliverJobs, jobIds, type Queues } from '@alerts/queue';
import type { Redis } from 'ioredis';
import {
  planDeliveries,
  recordDeliveryFailure,
  retryDelayMs,
  retryFailedDelivery,
  type DeliveryRetryPolicy,
} from '@alerts/delivery';
import { recordDigestRun } from '@alerts/delivery';
import { dispatchMatchJobs } from './dispatch-match-jobs';
import { reconcile } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';

// The reconciler and the ledger's rules on the real PostgreSQL and Redis, one step at a time. (Its guarantees with
// the processes as deployed are in apps/cli/src/e2e/faults-ledger.int.test.ts.)

let t: TestDatabase;
let redis: Redis;
let queues: Queues;
const LEASE = 60_000;
const policy: DeliveryRetryPolicy = { firstDelayMs: 60_000, maxDelayMs: 30 * 60_000, giveUpAfterMs: 72 * 3600_000 };
const run = (now: Date) =>
  reconcile({ db: t.db, queues, sweepGraceMs: 1_000, leaseMs: LEASE, giveUpAfterMs: policy.giveUpAfterMs, now });
const later = (ms: number) => new Date(Date.now() + ms);
const queued = async () =>
  (await queues.deliver.getJobs(['waiting', 'delayed', 'prioritized'])).map((j) => j.id).sort();

beforeEach(async () => {
  t = await createTestDatabase();
  redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  queues = createQueues({ connection: redis, prefix: `reconcile-${randomBytes(4).toString('hex')}` });
});

afterEach(async () => {
  for (const q of queues.all) await q.obliterate({ force: true });
  await queues.close();
  await redis.quit();
  await t.drop();
});

/** An unconfirmed alert whose confirmation is owed: one planned Delivery row, its first job queued. */
async function owedConfirmation() {
  const { subscriber, subscription } = await addSubscription(t.db, { email: 'reader@example.org', query: 'schools' });
  const [dispatch] = await planDeliveries(t.db, [deliverJobs.confirmation(subscriber.id, subscription.id)]);
  await queues.enqueueDeliveries([dispatch!]);
  return dispatch!;
}

it('hands out again, under a new job id, an owed delivery whose job Redis lost; leaves one whose job is queued', async () => {
  const owed = await owedConfirmation();
  // Its job is queued: the reconciler, past the planning grace, only renews its lease.
  expect((await run(later(30_000))).redispatched.deliveries).toBe(0);
  expect(await queued()).toEqual([jobIds.delivery(owed)]);
  // Redis restarted empty: nothing queued any more, the row still owed.
  await queues.deliver.obliterate({ force: true });
  expect((await run(later(30_000 + LEASE + 1))).redispatched.deliveries).toBe(1);
  expect(await queued()).toEqual([jobIds.delivery({ deliveryId: owed.deliveryId, dispatch: 1 })]);
  // Running again at once hands out nothing more: the new job is in flight and its lease just began.
  expect((await run(later(30_000 + LEASE + 2))).redispatched.deliveries).toBe(0);
});

it('plans a confirmation whose request died before planning it, once', async () => {
  const { subscriber, subscription } = await addSubscription(t.db, { email: 'reader@example.org', query: 'schools' });
  // Saved, and nothing planned: the request died in between. A tick past the grace finds it.
  const first = await run(later(10_000));
  expect(first.planned.confirmation).toBe(1);
  expect(await t.db.delivery.findMany({ select: { kind: true, status: true, job: true } })).toEqual([
    { kind: 'CONFIRMATION', status: 'PENDING', job: deliverJobs.confirmation(subscriber.id, subscription.id) },
  ]);
  expect((await run(later(20_000))).planned.confirmation).toBe(0);
});

it('re-enqueues match work and a digest run whose jobs were lost, and none that are done', async () => {
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Question" (id, uin, house, "questionText", state, "dateTabled", "askingMemberId", raw, "contentHash") VALUES (1, '1', 'Commons', 'q', 'ANSWERED', '2026-12-01', 1, '{}', 'h')`,
  );
  await t.db.questionEvent.create({ data: { questionId: 1, kind: 'ANSWERED' } });
  const jobs = await dispatchMatchJobs({
    db: t.db,
    partitions: 2,
    enqueue: (batch) => queues.enqueueMatch(batch),
    leaseMs: 0,
  });
  await recordDigestRun(t.db, { frequency: 'DAILY', runKey: '2026-12-04', leaseMs: 0 });
  // The digest job never reached Redis (the scheduler's enqueue failed); the match jobs are lost with Redis.
  for (const queue of queues.matchQueues()) await queue.obliterate({ force: true });
  const report = await run(later(1_000));
  expect(report.redispatched).toMatchObject({ matchWork: 2, digestRuns: 1 });
  // Each back in its own partition's queue.
  const waiting = await Promise.all([0, 1].map((p) => queues.match(p).getJobs(['waiting'])));
  expect(waiting.map((jobs) => jobs.map((j) => j.data.partition))).toEqual([[0], [1]]);
  expect(
    waiting
      .flat()
      .map((j) => j.id)
      .sort(),
  ).toEqual(jobs.map((j) => jobIds.match({ ...j, dispatch: 1 })).sort());
  expect((await queues.digest.getJobs(['waiting'])).map((j) => j.id)).toEqual([
    jobIds.digest({ frequency: 'DAILY', runKey: '2026-12-04', dispatch: 1 }),
  ]);
});

it('backs a failing delivery off in minutes, doubling to a cap; gives it up after the window; an admin can send it again', async () => {
  const owed = await owedConfirmation();
  const now = new Date();
  const fail = (at: Date) =>
    recordDeliveryFailure(t.db, {
      deliveryId: owed.deliveryId,
      email: 'reader@example.org',
      error: '421 try later',
      permanent: false,
      policy,
      now: at,
    });
  expect(await fail(now)).toEqual({ status: 'PENDING', retryAt: new Date(now.getTime() + 60_000) });
  expect(await fail(now)).toEqual({ status: 'PENDING', retryAt: new Date(now.getTime() + 120_000) });
  expect(retryDelayMs(policy, 10)).toBe(30 * 60_000);
  // Three days on, still failing: given up, and shown as FAILED.
  expect(await fail(later(policy.giveUpAfterMs + 1))).toEqual({ status: 'FAILED' });
  expect(await t.db.delivery.findUniqueOrThrow({ where: { id: owed.deliveryId } })).toMatchObject({
    status: 'FAILED',
    attempts: 3,
    dueAt: null,
  });
  // The admin's "send again": owed from now, under a dispatch number no old job has.
  expect(await retryFailedDelivery(t.db, owed.deliveryId)).toEqual({ deliveryId: owed.deliveryId, dispatch: 1 });
  expect(await retryFailedDelivery(t.db, owed.deliveryId)).toBeNull();
});

it('gives up an owed delivery that was never sent within the window, even with no failure recorded', async () => {
  const owed = await owedConfirmation();
  await queues.deliver.obliterate({ force: true });
  const report = await run(later(policy.giveUpAfterMs + 1));
  expect(report.gaveUp).toBe(1);
  expect(await t.db.delivery.findUniqueOrThrow({ where: { id: owed.deliveryId } })).toMatchObject({ status: 'FAILED' });
});

it('planners of the same email at the same moment write one row and none of them fails', async () => {
  const { subscriber, subscription } = await addSubscription(t.db, { email: 'reader@example.org', query: 'schools' });
  for (let i = 0; i < 20; i++) {
    const job = deliverJobs.confirmation(subscriber.id, `${subscription.id}-${i}`);
    const planned = await Promise.all([1, 2, 3, 4].map(() => planDeliveries(t.db, [job])));
    // Exactly one of them wrote the row (and so enqueues it); the others found it planned.
    expect(planned.flat()).toHaveLength(1);
  }
  expect(await t.db.delivery.count()).toBe(20);
});
