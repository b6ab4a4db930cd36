import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport } from '@alerts/email';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import type { MatchJob } from '@alerts/queue';
import { createSampleSource } from '@alerts/sources';
import { createTokenSigner } from '@alerts/tokens';
import { deliverPlanned } from '@alerts/delivery';
import { dispatchMatchJobs, finishMatchWork } from './dispatch-match-jobs';
import { matchAndPlan } from './match-and-plan';
import { runMatchJob } from './run-match-job';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { findUnannouncedImmediate } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import { createTestDeliverDeps } from '@alerts/delivery/testing';

// A match job inserts its immediate matches already claimed by the email it plans (one write per match row until it
// is delivered), and every way that claim can be left hanging is taken back.

let t: TestDatabase;
let smtp: TestSmtpServer;
let deps: Awaited<ReturnType<typeof createTestDeliverDeps>>;
let jobs: MatchJob[];

beforeEach(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtpServer();
  deps = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport: createSmtpTransport({ smtpUrl: smtp.url }),
    config: { signer: createTokenSigner('m'.repeat(32)) },
  });
  const earlier = new Date(Date.now() - 60_000);
  await addSubscription(t.db, {
    email: 'now@example.org',
    query: 'Gaza',
    frequency: 'IMMEDIATE',
    confirmed: true,
    now: earlier,
  });
  await addSubscription(t.db, {
    email: 'now@example.org',
    query: 'schools',
    frequency: 'IMMEDIATE',
    confirmed: true,
    now: earlier,
  });
  await addSubscription(t.db, {
    email: 'daily@example.org',
    query: 'Gaza',
    frequency: 'DAILY',
    confirmed: true,
    now: earlier,
  });
  await ingest({ db: t.db, source: createSampleSource() });
  jobs = await dispatchMatchJobs({ db: t.db, partitions: 1, enqueue: async () => {} });
});

afterEach(async () => {
  await deps.close();
  await smtp.close();
  await t.drop();
});

const matchesOf = (email: string) =>
  t.db.match.findMany({
    where: { subscription: { subscriber: { email } } },
    select: { id: true, deliveryId: true, deliveredAt: true },
    orderBy: { id: 'asc' },
  });

it('inserts immediate matches claimed by the one email it plans per subscriber, and leaves digest matches unclaimed', async () => {
  const indexCache = createSubscriptionIndexCache(t.db);
  const { result, deliveries } = await matchAndPlan({ db: t.db, indexCache, leaseMs: 60_000 }, jobs[0]!);
  expect(deliveries).toHaveLength(1);
  const [planned] = deliveries;
  const immediate = await matchesOf('now@example.org');
  expect(immediate.length).toBeGreaterThan(1);
  expect(new Set(immediate.map((m) => m.deliveryId))).toEqual(new Set([planned!.deliveryId]));
  expect((await matchesOf('daily@example.org')).every((m) => m.deliveryId === null)).toBe(true);
  expect(result.claimedFor).toHaveLength(1);
  expect(await t.db.delivery.findUniqueOrThrow({ where: { id: planned!.deliveryId } })).toMatchObject({
    status: 'PENDING',
    kind: 'IMMEDIATE',
  });
  // Nothing is left for the sweep, however late it runs.
  expect(await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 3_600_000) })).toEqual([]);

  // The email carries exactly the claimed matches, marked delivered in the statement that records it.
  expect(await deliverPlanned(deps, planned!.deliveryId)).toMatchObject({ status: 'sent', items: immediate.length });
  expect(
    (await matchesOf('now@example.org')).every((m) => m.deliveryId === planned!.deliveryId && m.deliveredAt !== null),
  ).toBe(true);
  expect(smtp.messages).toHaveLength(1);
});

it('a rerun of the job plans nothing new and sends nothing twice; a match it adds after the email went is unclaimed for the sweep', async () => {
  const indexCache = createSubscriptionIndexCache(t.db);
  const first = await matchAndPlan({ db: t.db, indexCache, leaseMs: 60_000 }, jobs[0]!);
  await deliverPlanned(deps, first.deliveries[0]!.deliveryId);
  // The same job again (its MatchWork row was redispatched after the matcher died at the very end).
  expect((await matchAndPlan({ db: t.db, indexCache, leaseMs: 60_000 }, jobs[0]!)).deliveries).toEqual([]);
  expect(smtp.messages).toHaveLength(1);

  // A rerun that finds a match the first run did not insert (deleted here to stand for one): the email for this job
  // went already, so the new match must not stay claimed by it.
  const [one] = await matchesOf('now@example.org');
  await t.db.match.delete({ where: { id: one!.id } });
  expect(
    (await matchAndPlan({ db: t.db, indexCache: createSubscriptionIndexCache(t.db), leaseMs: 60_000 }, jobs[0]!))
      .deliveries,
  ).toEqual([]);
  const reinserted = (await matchesOf('now@example.org')).filter((m) => m.deliveredAt === null);
  expect(reinserted).toHaveLength(1);
  expect(reinserted[0]!.deliveryId).toBeNull();
  const [swept] = await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 1_000) });
  expect(swept?.newestMatchId).toBe(String(reinserted[0]!.id));
});

it("a claim whose email was never planned is the match job's while the job is owed, and taken back by the sweep once it is not", async () => {
  // Inserted claimed, as matchAndPlan would, but the plan never happened.
  await runMatchJob({
    db: t.db,
    job: jobs[0]!,
    indexCache: createSubscriptionIndexCache(t.db),
    claimImmediate: () => 'dlv_never_planned',
  });
  const orphaned = await matchesOf('now@example.org');
  expect(orphaned.every((m) => m.deliveryId === 'dlv_never_planned')).toBe(true);
  // While the job is owed (its MatchWork row is there: running, or to be run again), however long ago the matches
  // were inserted, the claim is the job's: left alone.
  expect(await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 3_600_000) })).toEqual([]);
  expect(orphaned.every((m) => m.deliveryId === 'dlv_never_planned')).toBe(true);
  // Its rerun did not plan it (the alert was paused then, say) and the job is done: the claim is orphaned.
  await finishMatchWork(t.db, jobs[0]!);
  const swept = await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 1_000) });
  expect(swept).toEqual([
    { subscriberId: expect.any(String), newestMatchId: String(orphaned.at(-1)!.id), webhookAlertId: null },
  ]);
  expect((await matchesOf('now@example.org')).every((m) => m.deliveryId === null)).toBe(true);
});

it('a claimed match whose alert was paused before the email went is released, not sent, and goes once the alert resumes', async () => {
  const { deliveries } = await matchAndPlan(
    { db: t.db, indexCache: createSubscriptionIndexCache(t.db), leaseMs: 60_000 },
    jobs[0]!,
  );
  const gaza = await t.db.subscription.findFirstOrThrow({
    where: { query: 'Gaza', subscriber: { email: 'now@example.org' } },
  });
  await t.db.subscription.update({ where: { id: gaza.id }, data: { paused: true } });
  const outcome = await deliverPlanned(deps, deliveries[0]!.deliveryId);
  expect(outcome.status).toBe('sent');
  const paused = await t.db.match.findMany({ where: { subscriptionId: gaza.id } });
  expect(paused.length).toBeGreaterThan(0);
  expect(paused.every((m) => m.deliveryId === null && m.deliveredAt === null)).toBe(true);
  await t.db.subscription.update({ where: { id: gaza.id }, data: { paused: false } });
  const [swept] = await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 1_000) });
  expect(swept?.subscriberId).toBe(gaza.subscriberId);
});
