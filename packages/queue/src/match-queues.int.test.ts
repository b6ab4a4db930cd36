import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { jobIds, type MatchJob } from './jobs';
import { createQueues, type Queues } from './queues';
import { createRedis } from './redis';

// A queue per partition lets each matcher take only its own partitions; deliveries go over in bulks. These run
// against the local Redis.

let redis: Redis;
let queues: Queues;

const job = (partition: number, partitions: number): MatchJob => ({
  fromEventId: '1',
  toEventId: '9',
  partition,
  partitions,
  dispatch: 0,
});
const waiting = async (partition: number) =>
  (await queues.match(partition).getJobs(['waiting'])).map((j) => j.id).sort();

beforeEach(() => {
  redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  queues = createQueues({ connection: redis, prefix: `mq-${randomBytes(4).toString('hex')}`, matchPartitions: 2 });
});

afterEach(async () => {
  for (const queue of queues.all) await queue.obliterate({ force: true });
  await queues.close();
  await redis.quit();
});

it('sends each match job to its partition’s queue, and lists every partition’s queue from the start', async () => {
  expect(queues.all.map((q) => q.name)).toEqual([
    'alerts-ingest',
    'alerts-match-p0',
    'alerts-match-p1',
    'alerts-digest',
    'alerts-deliver',
    'alerts-reconcile',
  ]);
  await queues.enqueueMatch([job(0, 2), job(1, 2)]);
  expect(await waiting(0)).toEqual([jobIds.match(job(0, 2))]);
  expect(await waiting(1)).toEqual([jobIds.match(job(1, 2))]);
});

it('sends a job dispatched under another number of partitions to a queue some matcher reads', async () => {
  // Dispatched when MATCH_PARTITIONS was 4, now 2: partitions 2 and 3 have no queue of their own any more.
  await queues.enqueueMatch([0, 1, 2, 3].map((p) => job(p, 4)));
  expect(await waiting(0)).toEqual([jobIds.match(job(0, 4)), jobIds.match(job(2, 4))].sort());
  expect(await waiting(1)).toEqual([jobIds.match(job(1, 4)), jobIds.match(job(3, 4))].sort());
  expect(queues.matchQueues().map((q) => q.name)).toEqual(['alerts-match-p0', 'alerts-match-p1']);
});

it('hands over more deliveries than one bulk holds, each once under its own id', async () => {
  const dispatches = Array.from({ length: 12_001 }, (_, i) => ({ deliveryId: `d${i}`, dispatch: 0 }));
  const added = await queues.enqueueDeliveries(dispatches);
  expect(added).toHaveLength(12_001);
  expect(await queues.deliver.count()).toBe(12_001);
  const last = await queues.deliver.getJob(jobIds.delivery({ deliveryId: 'd12000', dispatch: 0 }));
  expect(last?.data).toEqual({ deliveryId: 'd12000', dispatch: 0 });
});
