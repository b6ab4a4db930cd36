import { createTestDatabase, matchItems, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport } from '@alerts/email';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { deliverJobs, deliveryKey, type MatchJob } from '@alerts/queue';
import { createSampleSource } from '@alerts/sources';
import { createTokenSigner } from '@alerts/tokens';
import { deliverPlanned, deliveryIdFor } from '@alerts/delivery';
import { dispatchMatchJobs } from './dispatch-match-jobs';
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

const matchesOf = (email: string) => matchItems(t.db, { subscription: { subscriber: { email } } });

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

  // A rerun that finds a match the first run did not insert (taken out of its row here to stand for one): the email
  // for this job went already, so the new match must not stay claimed by it.
  const [one] = await matchesOf('now@example.org');
  await t.db
    .$executeRaw`UPDATE "Match" SET "questionIds" = array_remove("questionIds", ${one!.questionId}) WHERE id = ${one!.id}`;
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

it('a claim whose email was never planned (its matcher died) is left alone by the sweep, and released by the rerun that no longer plans it', async () => {
  // The first run, as matchAndPlan starts it, inserts the matches claimed by the email it will plan, and dies.
  await t.db.matchWork.updateMany({ data: { runs: 1 } });
  const claimOf = (subscriberId: string) =>
    deliveryIdFor(deliveryKey(deliverJobs.immediateFromMatchJob(subscriberId, jobs[0]!)));
  await runMatchJob({
    db: t.db,
    job: jobs[0]!,
    indexCache: createSubscriptionIndexCache(t.db),
    claimImmediate: claimOf,
  });
  const orphaned = await matchesOf('now@example.org');
  expect(orphaned.length).toBeGreaterThan(1);
  const claim = orphaned[0]!.deliveryId!;
  expect(orphaned.every((m) => m.deliveryId === claim)).toBe(true);
  // However long ago they were inserted, claimed matches are not the sweep's: they are the job's until it ends.
  expect(await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 3_600_000) })).toEqual([]);

  // By the rerun, the subscriber has paused both alerts: the rerun plans no email for them, and lets the claim go.
  await t.db.subscription.updateMany({
    where: { subscriber: { email: 'now@example.org' } },
    data: { paused: true },
  });
  const rerun = await matchAndPlan(
    { db: t.db, indexCache: createSubscriptionIndexCache(t.db), leaseMs: 60_000 },
    jobs[0]!,
  );
  expect(rerun.deliveries).toEqual([]);
  expect(await t.db.delivery.count({ where: { id: claim } })).toBe(0);
  expect((await matchesOf('now@example.org')).every((m) => m.deliveryId === null && m.deliveredAt === null)).toBe(true);
  expect(await t.db.matchWork.count()).toBe(0);

  // Paused, the released matches wait; once an alert resumes, the sweep finds its matches.
  expect(await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 1_000) })).toEqual([]);
  const gaza = await t.db.subscription.findFirstOrThrow({
    where: { query: 'Gaza', subscriber: { email: 'now@example.org' } },
    include: { matches: { select: { id: true } } },
  });
  expect(gaza.matches.length).toBeGreaterThan(0);
  await t.db.subscription.update({ where: { id: gaza.id }, data: { paused: false } });
  expect(await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 1_000) })).toEqual([
    {
      subscriberId: gaza.subscriberId,
      newestMatchId: String(gaza.matches.map((m) => m.id).reduce((a, b) => (a > b ? a : b))),
      webhookAlertId: null,
    },
  ]);
});

it("a first run releases nothing: a claim of another job's unplanned email is not its own", async () => {
  // Stands for the same job started twice at once (a stalled lock): the other run's claims are not yet planned.
  await runMatchJob({
    db: t.db,
    job: jobs[0]!,
    indexCache: createSubscriptionIndexCache(t.db),
    claimImmediate: () => 'dlv_other_run',
  });
  const gaza = await t.db.subscription.findFirstOrThrow({
    where: { query: 'Gaza', subscriber: { email: 'now@example.org' } },
  });
  await t.db.subscription.update({ where: { id: gaza.id }, data: { paused: true } });
  await matchAndPlan({ db: t.db, indexCache: createSubscriptionIndexCache(t.db), leaseMs: 60_000 }, jobs[0]!);
  const held = await t.db.match.findMany({ where: { subscriptionId: gaza.id } });
  expect(held.length).toBeGreaterThan(0);
  expect(held.every((m) => m.deliveryId === 'dlv_other_run')).toBe(true);
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
