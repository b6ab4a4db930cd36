import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { ingest } from '@alerts/ingest';
import type { MatchJob } from '@alerts/queue';
import { createSampleSource } from '@alerts/sources';
import { dispatchMatchJobs } from './dispatch-match-jobs';
import { runMatchJob } from './run-match-job';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

describe('runMatchJob', () => {
  it('inserts each match once, reports what it inserted and which subscribers want them now, and is idempotent', async () => {
    const earlier = new Date(Date.now() - 60_000);
    const now = await addSubscription(t.db, {
      email: 'now@example.org',
      query: 'Gaza',
      frequency: 'IMMEDIATE',
      confirmed: true,
      now: earlier,
    });
    await addSubscription(t.db, {
      email: 'daily@example.org',
      query: 'Gaza OR housing',
      frequency: 'DAILY',
      confirmed: true,
      now: earlier,
    });
    await addSubscription(t.db, {
      email: 'later@example.org',
      query: 'Gaza',
      frequency: 'IMMEDIATE',
      confirmed: false,
    });
    await ingest({ db: t.db, source: createSampleSource() });
    const jobs: MatchJob[] = [];
    await dispatchMatchJobs({ db: t.db, partitions: 3, enqueue: async (batch) => void jobs.push(...batch) });
    const indexCache = createSubscriptionIndexCache(t.db);

    const first = await Promise.all(jobs.map((job) => runMatchJob({ db: t.db, job, indexCache })));
    const inserted = first.reduce((sum, result) => sum + result.inserted, 0);
    expect(inserted).toBeGreaterThan(10);
    expect(inserted).toBe(await t.db.match.count());
    const immediate = first.flatMap((result) => result.immediate);
    expect(immediate.map((i) => i.subscriberId)).toEqual([now.subscriber.id]); // not the unconfirmed one
    // The delivery's identity is the newest match inserted for that subscriber.
    const newest = await t.db.match.aggregate({
      where: { subscription: { subscriberId: now.subscriber.id } },
      _max: { id: true },
    });
    expect(immediate[0]!.newestMatchId).toBe(String(newest._max.id));
    const perSubscription = await t.db.match.groupBy({ by: ['subscriptionId'], _count: true });
    expect(perSubscription).toHaveLength(2);

    // Each job added what it inserted to today's tally, under its own partition.
    const tally = async () =>
      (await t.db.matchTally.findMany({ orderBy: { partition: 'asc' } })).map((row) => ({
        day: row.day.toISOString().slice(0, 10),
        partition: row.partition,
        matches: Number(row.matches),
      }));
    const today = new Date().toISOString().slice(0, 10);
    const expected = jobs
      .map((job, i) => ({ day: today, partition: job.partition, matches: first[i]!.inserted }))
      .filter((row) => row.matches > 0);
    expect(await tally()).toEqual(expected);

    const again = await Promise.all(jobs.map((job) => runMatchJob({ db: t.db, job, indexCache })));
    expect(again.map((result) => [result.inserted, result.immediate.length])).toEqual(jobs.map(() => [0, 0]));
    expect(await t.db.match.count()).toBe(inserted);
    expect(await tally()).toEqual(expected); // a retried job counts nothing twice

    // Deleting an alert deletes its matches, not the count of matches found.
    await t.db.subscription.deleteMany({ where: { subscriberId: now.subscriber.id } });
    expect(await t.db.match.count()).toBeLessThan(inserted);
    expect(await tally()).toEqual(expected);
  }, 180_000); // ingests the whole 11,075-record sample: a minute on a loaded 2-core machine
});
