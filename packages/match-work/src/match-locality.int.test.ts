import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { ingest } from '@alerts/ingest';
import type { MatchJob } from '@alerts/queue';
import { createSampleSource } from '@alerts/sources';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import { dispatchMatchJobs } from './dispatch-match-jobs';
import { runMatchJob } from './run-match-job';

// The email that carries an alert's matches reads them and marks them delivered: when a match job stored them one
// page each (question by question, as the matcher finds them), each email touched as many heap pages as it carried
// matches; stored sorted by alert, in flushes of many steps, they share a few (run-match-job.ts).

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

it('stores each alert’s matches of a job side by side, on few heap pages', async () => {
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

  const alerts = await t.db.$queryRawUnsafe<{ matches: number; pages: number }[]>(
    `SELECT count(*)::int AS matches, count(DISTINCT (ctid::text::point)[0])::int AS pages
     FROM "Match" GROUP BY "subscriptionId"`,
  );
  expect(alerts).toHaveLength(64);
  const matches = alerts.reduce((sum, alert) => sum + alert.matches, 0);
  const pages = alerts.reduce((sum, alert) => sum + alert.pages, 0);
  // Enough matches per alert, over enough steps of the matcher (25 questions each), that one page per match is
  // distinguishable from a few: at Match's fillfactor a page holds some 30 rows.
  expect(matches / alerts.length).toBeGreaterThan(100);
  // Side by side, an alert's matches fill its pages; one page each, pages would equal matches. The bound leaves room
  // for an alert's rows to straddle a page boundary in each flush.
  expect(pages).toBeLessThan(matches / 10);
});
