import { createTestDatabase, matchItems, type TestDatabase } from '@alerts/db/testing';
import { sqlPoolOf } from '@alerts/db';
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

    // Each job twice at once, as a stalled job and its retry would run: each match is stored once all the same.
    const first = await Promise.all([...jobs, ...jobs].map((job) => runMatchJob({ db: t.db, job, indexCache })));
    const inserted = first.reduce((sum, result) => sum + result.inserted, 0);
    expect(inserted).toBeGreaterThan(10);
    const items = await matchItems(t.db);
    expect(items).toHaveLength(inserted);
    const pairs = items.map((m) => `${m.subscriptionId}:${m.questionId}:${m.asked}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    // One row per alert and flush, not one per match.
    const rows = await t.db.match.count();
    expect(rows).toBeLessThan(inserted / 10);
    const immediate = first.flatMap((result) => result.immediate);
    expect(immediate.map((i) => i.subscriberId)).toEqual([now.subscriber.id]); // not the unconfirmed one
    // The delivery's identity is the newest match inserted for that subscriber.
    const newest = await t.db.match.aggregate({
      where: { subscription: { subscriberId: now.subscriber.id } },
      _max: { id: true },
    });
    expect(immediate[0]!.newestMatchId).toBe(String(newest._max.id));
    expect(new Set(items.map((m) => m.subscriptionId)).size).toBe(2);

    // Each job added what it inserted to today's tally, under its own partition.
    const tally = async () =>
      (await t.db.matchTally.findMany({ orderBy: { partition: 'asc' } })).map((row) => ({
        day: row.day.toISOString().slice(0, 10),
        partition: row.partition,
        matches: Number(row.matches),
      }));
    const today = new Date().toISOString().slice(0, 10);
    const expected = jobs
      .map((job, i) => ({
        day: today,
        partition: job.partition,
        matches: first[i]!.inserted + first[i + jobs.length]!.inserted,
      }))
      .filter((row) => row.matches > 0);
    expect(await tally()).toEqual(expected);

    const again = await Promise.all(jobs.map((job) => runMatchJob({ db: t.db, job, indexCache })));
    expect(again.map((result) => [result.inserted, result.immediate.length])).toEqual(jobs.map(() => [0, 0]));
    expect(await t.db.match.count()).toBe(rows);
    expect(await tally()).toEqual(expected); // a retried job counts nothing twice

    // Deleting an alert deletes its matches, not the count of matches found.
    await t.db.subscription.deleteMany({ where: { subscriberId: now.subscriber.id } });
    expect((await matchItems(t.db)).length).toBeLessThan(inserted);
    expect(await tally()).toEqual(expected);
  }, 180_000); // ingests the whole 11,075-record sample: a minute on a loaded 2-core machine

  it('stores a match once when two runs of a job store at the same moment', async () => {
    const alert = await addSubscription(t.db, {
      email: 'race@example.org',
      query: 'school',
      frequency: 'DAILY',
      confirmed: true,
      now: new Date('2020-01-01T00:00:00Z'), // before every event the first test ingested
    });
    // The first test's batch again, as one job: every event, every alert.
    const { _max } = await t.db.questionEvent.aggregate({ _max: { id: true } });
    const job: MatchJob = { fromEventId: '1', toEventId: String(_max.id), partition: 0, partitions: 1, dispatch: 0 };
    const indexCache = createSubscriptionIndexCache(t.db);
    // Another session holds the alert's row: each run's insert then waits in the alert's check (a trigger at the end
    // of the statement, after its snapshot was taken and its rows written) until that session ends. Without one
    // insert at a time, both would have read that the alert holds nothing and both would store its matches.
    const holder = await sqlPoolOf(t.db).connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM "Subscription" WHERE id = $1 FOR UPDATE', [alert.subscription.id]);
      const runs = Promise.all([job, job].map((twice) => runMatchJob({ db: t.db, job: twice, indexCache })));
      // Both runs are waiting: one on the alert's row, the other on it or on the insert lock.
      const waiting = async () =>
        (
          await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0]!.n;
      for (let i = 0; i < 600 && (await waiting()) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await waiting()).toBeGreaterThanOrEqual(2);
      await holder.query('COMMIT');
      const results = await runs;
      const items = await matchItems(t.db, { subscriptionId: alert.subscription.id });
      expect(items.length).toBeGreaterThan(0);
      expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(items.length);
      const questions = items.map((m) => m.questionId);
      expect(new Set(questions).size).toBe(questions.length);
    } finally {
      holder.release();
    }
  }, 180_000);

  it('does not store again a question an alert holds when a later event makes it news again (a correction)', async () => {
    const daily = await t.db.subscription.findFirstOrThrow({ where: { subscriber: { email: 'daily@example.org' } } });
    const [held] = await matchItems(t.db, { subscriptionId: daily.id });
    expect(held).toBeDefined();
    // Its rows were stored a while ago, and the correction comes now: the alert's rows since the question's first
    // event are what the check reads.
    await t.db.match.updateMany({
      where: { subscriptionId: daily.id },
      data: { createdAt: new Date(Date.now() - 90 * 24 * 3_600_000) },
    });
    await t.db.questionEvent.updateMany({
      where: { questionId: held!.questionId },
      data: { createdAt: new Date(Date.now() - 91 * 24 * 3_600_000) },
    });
    const event = await t.db.questionEvent.create({ data: { questionId: held!.questionId, kind: 'CORRECTED' } });
    const job: MatchJob = {
      fromEventId: String(event.id),
      toEventId: String(event.id),
      partition: 0,
      partitions: 1,
      dispatch: 0,
    };
    const before = await matchItems(t.db, { subscriptionId: daily.id });
    const result = await runMatchJob({ db: t.db, job, indexCache: createSubscriptionIndexCache(t.db) });
    expect(result.questions).toBe(1);
    expect(result.candidates).toBeGreaterThan(0);
    expect(result.inserted).toBe(0);
    expect(await matchItems(t.db, { subscriptionId: daily.id })).toEqual(before);
  });
});
