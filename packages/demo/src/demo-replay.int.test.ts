import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createDevMailboxTransport, listMailbox, readMailboxMessage } from '@alerts/email';
import { ingest } from '@alerts/ingest';
import { createSampleSource } from '@alerts/sources';
import { deliver } from '@alerts/delivery';
import { loadDemoClock } from '@alerts/composition';
import { findDemoFirstDigests } from '@alerts/delivery';
import { replayAsNew } from './demo-replay';
import { dispatchMatchJobs } from '@alerts/match-work';
import { runMatchJob } from '@alerts/match-work';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import { createTestDeliverDeps } from '@alerts/delivery/testing';

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
  const { subscription } = await addSubscription(t.db, {
    email: 'newcomer@example.org',
    query: 'badgers',
    frequency: 'IMMEDIATE',
    confirmed: true,
  });

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

it('sends a daily alert confirmed just now its first digest at the next replay, calling the answers replayed', async () => {
  const { subscription } = await addSubscription(t.db, {
    email: 'daily@example.org',
    query: 'dentistry',
    frequency: 'DAILY',
    confirmed: true,
  });
  await addSubscription(t.db, {
    email: 'daily@example.org',
    query: 'dentistry',
    frequency: 'IMMEDIATE',
    confirmed: true,
  });
  expect(await findDemoFirstDigests(t.db)).toEqual([]); // nothing matched yet

  // The replay releases its first answers; the matcher stores them as digest matches.
  await replayAsNew(t.db, 10);
  for (const job of await dispatchMatchJobs({ db: t.db, partitions: 1, enqueue: async () => {} }))
    await runMatchJob({ db: t.db, job, indexCache: createSubscriptionIndexCache(t.db) });
  const owed = await findDemoFirstDigests(t.db);
  expect(owed).toEqual([
    {
      kind: 'DIGEST',
      subscriberId: subscription.subscriberId,
      frequency: 'DAILY',
      runKey: `demo-first.${subscription.id}`,
    },
  ]);

  // Sent by demo mode's mailer, it says what the demo is, and never calls a stored answer new.
  const mailbox = await mkdtemp(path.join(os.tmpdir(), 'demo-digest-'));
  const clock = await loadDemoClock(t.db);
  const deps = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport: createDevMailboxTransport({ dir: mailbox }),
    config: { clock: clock! },
  });
  try {
    expect(await deliver(deps, owed[0]!)).toMatchObject({ status: 'sent' });
    const [entry] = await listMailbox(mailbox);
    expect(entry!.subject).toMatch(/^\d+ replayed answers?: answers mentioning "dentistry"$/);
    const message = await readMailboxMessage(mailbox, entry!.id);
    expect(message!.text).toContain('Demo: real answers replayed; the newest stored answer is dated 19 August 2026.');
    expect(message!.text).not.toMatch(/\bnew answers?\b/i);
  } finally {
    await deps.close();
    await rm(mailbox, { recursive: true, force: true });
  }
  // Its first digest sent, the alert waits for the usual schedule.
  expect(await findDemoFirstDigests(t.db)).toEqual([]);
});
