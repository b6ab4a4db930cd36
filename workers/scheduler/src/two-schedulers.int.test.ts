import { randomBytes } from 'node:crypto';
import { createLogger } from '@alerts/logger';
import { createQueues, createRedis, jobIds, type DigestJob, type IngestJob, type Queues } from '@alerts/queue';
import type { Redis } from 'ioredis';
import { startScheduler } from './start-scheduler';

// Two schedulers (two processes an operator started by mistake, or a rolling deploy) ticking at the same moments
// against the real Redis: each piece of work is enqueued once, whatever the number of ticks.

let redis: Redis;
let queues: Queues;

beforeAll(() => {
  redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  queues = createQueues({ connection: redis, prefix: `sched-${randomBytes(4).toString('hex')}` });
});

afterAll(async () => {
  for (const q of queues.all) await q.obliterate({ force: true });
  await queues.close();
  await redis.quit();
});

it('two schedulers ticking every second enqueue each ingest slot and each digest run once', async () => {
  // Every tick goes through the real queues; we only note what was asked for, and wait on that.
  const asked = { ingest: [] as IngestJob[], digest: [] as DigestJob[] };
  const pending: Promise<unknown>[] = [];
  // Three ticks of each scheduler: an ingest job, a daily and a weekly run each tick.
  let enoughTicks!: () => void;
  const ticked = new Promise<void>((resolve) => (enoughTicks = resolve));
  const record = <T, R>(list: T[], job: T, enqueue: (job: T) => Promise<R>): Promise<R> => {
    list.push(job);
    if (asked.ingest.length >= 6 && asked.digest.length >= 12) enoughTicks();
    const enqueued = enqueue(job);
    pending.push(enqueued);
    return enqueued;
  };
  const recording: Queues = {
    ...queues,
    enqueueIngest: (job) => record(asked.ingest, job, queues.enqueueIngest),
    enqueueDigest: (job) => record(asked.digest, job, queues.enqueueDigest),
  };
  const options = {
    queues: recording,
    logger: createLogger({ name: 'test', level: 'silent' }),
    source: 'sample' as const,
    ingestCron: '* * * * * *',
    ingestPeriodMinutes: 1,
    dailyCron: '* * * * * *',
    weeklyCron: '* * * * * *',
    timeZone: 'Europe/London',
    // Not under test here: once a minute, and the ledger write is a no-op.
    reconcileCron: '0 * * * *',
    recordDigestRun: async () => {},
  };
  const schedulers = [startScheduler(options), startScheduler(options)];
  let timer: NodeJS.Timeout | undefined;
  const tooSlow = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${asked.ingest.length} ingest and ${asked.digest.length} digest ticks in 20 s`)),
      20_000,
    );
  });
  await Promise.race([ticked, tooSlow]).finally(() => clearTimeout(timer));
  for (const s of schedulers) await s.close();
  // A tick already under way finishes its enqueue: wait for every enqueue asked for, including any asked meanwhile.
  for (let seen = -1; seen !== pending.length;) {
    seen = pending.length;
    await Promise.all(pending);
    await new Promise((resolve) => setImmediate(resolve));
  }

  // Both ticked several times each...
  expect(asked.ingest.length).toBeGreaterThanOrEqual(4);
  expect(asked.digest.length).toBeGreaterThanOrEqual(8);
  // ...and the queues hold one job per distinct slot or run: no more, no fewer.
  const distinct = (ids: string[]) => [...new Set(ids)].sort();
  const ingestJobs = await queues.ingest.getJobs();
  const digestJobs = await queues.digest.getJobs();
  expect(ingestJobs.map((j) => j.id!).sort()).toEqual(distinct(asked.ingest.map(jobIds.ingest)));
  expect(digestJobs.map((j) => j.id!).sort()).toEqual(distinct(asked.digest.map(jobIds.digest)));
  expect(ingestJobs.length).toBeLessThan(asked.ingest.length);
  expect(digestJobs.length).toBeLessThan(asked.digest.length);
});
