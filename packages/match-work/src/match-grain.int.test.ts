import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { ingest } from '@alerts/ingest';
import type { MatchJob } from '@alerts/queue';
import { createSampleSource } from '@alerts/sources';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import { dispatchMatchJobs } from './dispatch-match-jobs';
import { runMatchJob } from './run-match-job';

// The email that carries an alert's matches reads them and marks them delivered. Stored one row per match, an email
// touched a row (and, stored question by question, a heap page) for each match it carried; stored one row per alert
// and flush, it touches one or two (run-match-job.ts).

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

it('stores an alert’s matches of a job in one row, not one per match', async () => {
  const earlier = new Date(Date.now() - 60_000);
  const words = ['government', 'support', 'department', 'health', 'schools', 'funding', 'local', 'training'];
  for (let i = 0; i < 64; i++)
    await addSubscription(t.db, {
      email: `reader${i}@example.org`,
      query: `${words[i % words.length]} OR ${words[(i + 3) % words.length]}`,
      frequency: 'IMMEDIATE',
      confirmed: true,
      now: earlier,
    });
  await ingest({ db: t.db, source: createSampleSource() });
  const jobs: MatchJob[] = [];
  await dispatchMatchJobs({ db: t.db, partitions: 1, enqueue: async (batch) => void jobs.push(...batch) });
  const indexCache = createSubscriptionIndexCache(t.db);
  for (const job of jobs) await runMatchJob({ db: t.db, job, indexCache });

  const alerts = await t.db.$queryRawUnsafe<{ matches: number; rows: number }[]>(
    `SELECT sum(cardinality("questionIds"))::int AS matches, count(*)::int AS rows FROM "Match" GROUP BY "subscriptionId"`,
  );
  expect(alerts).toHaveLength(64);
  const matches = alerts.reduce((sum, alert) => sum + alert.matches, 0);
  // Enough matches per alert, over enough steps of the matcher (25 questions each), that a row per match, or per
  // step, would show.
  expect(matches / alerts.length).toBeGreaterThan(100);
  // A row per alert and flush: the sample is one job of ~290,000 pairs, so two flushes of at most 200,000.
  const flushes = Math.ceil(matches / 200_000);
  for (const alert of alerts) expect(alert.rows).toBeLessThanOrEqual(flushes);
  expect(alerts.reduce((sum, alert) => sum + alert.rows, 0)).toBeLessThan(matches / 50);
});
