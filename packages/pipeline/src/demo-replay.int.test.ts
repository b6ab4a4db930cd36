import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { ingest } from '@alerts/ingest';
import { createSampleSource } from '@alerts/sources';
import { replayAsNew } from './demo-replay';
import { dispatchMatchJobs } from './dispatch-match-jobs';
import { runMatchJob } from './run-match-job';
import { createSubscriptionIndexCache } from './subscription-index-cache';
import { addSubscription } from './subscriptions';

// Demo mode keeps the README's promise: a narrow alert confirmed just now gets matching answers replayed at the next
// tick, instead of waiting hours for their turn in a replay of ten thousand answers (issue #23).

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await ingest({ db: t.db, source: createSampleSource() });
}, 120_000);
afterAll(() => t.drop());

it('replays stored answers matching a newly confirmed alert first, then the usual ones', async () => {
  // Every answer counts as announced just now, so in the usual order (longest ago first) the badger answers come last.
  await t.db.question.updateMany({ data: { newlyAnsweredAt: new Date() } });
  await dispatchMatchJobs({ db: t.db, partitions: 1, enqueue: async () => {} });
  const { subscription } = await addSubscription(t.db, { email: 'newcomer@example.org', query: 'badgers', frequency: 'IMMEDIATE', confirmed: true });

  const before = await t.db.questionEvent.aggregate({ _max: { id: true } });
  expect(await replayAsNew(t.db, 10)).toBe(10);
  const jobs = await dispatchMatchJobs({ db: t.db, partitions: 1, enqueue: async () => {} });
  expect(jobs[0]!.fromEventId).toBe(String(before._max.id! + 1n));
  const result = await runMatchJob({ db: t.db, job: jobs[0]!, indexCache: createSubscriptionIndexCache(t.db) });
  expect(result.inserted).toBeGreaterThanOrEqual(1);
  const matched = await t.db.match.count({ where: { subscriptionId: subscription.id } });
  expect(matched).toBeGreaterThanOrEqual(1);
  expect(matched).toBeLessThanOrEqual(3);

  // Once it has matches it waits its turn like any other: the next replay releases no more for it.
  await replayAsNew(t.db, 10);
  const again = await dispatchMatchJobs({ db: t.db, partitions: 1, enqueue: async () => {} });
  await runMatchJob({ db: t.db, job: again[0]!, indexCache: createSubscriptionIndexCache(t.db) });
  expect(await t.db.match.count({ where: { subscriptionId: subscription.id } })).toBe(matched);
});
