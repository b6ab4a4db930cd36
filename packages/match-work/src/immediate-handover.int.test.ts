import { createTestDatabase, matchItems, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport, type MailTransport } from '@alerts/email';
import { startTestSmtpServer, type ReceivedMessage, type TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { deliverJobs, deliveryKey, type MatchJob } from '@alerts/queue';
import { createSampleSource } from '@alerts/sources';
import { deliver } from '@alerts/delivery';
import { dispatchMatchJobs } from './dispatch-match-jobs';
import { runMatchJob } from './run-match-job';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import { findUnannouncedImmediate } from '@alerts/delivery';
import { createTestDeliverDeps } from '@alerts/delivery/testing';

// The hand-over from matching to delivery, path by path, on real PostgreSQL and SMTP. Each case is one way an
// IMMEDIATE match used to be stranded; the assertion is always the same: every match is announced, once.

let t: TestDatabase;
let smtp: TestSmtpServer;
let transport: MailTransport;
let deps: Awaited<ReturnType<typeof createTestDeliverDeps>>;

beforeEach(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtpServer();
  transport = createSmtpTransport({ smtpUrl: smtp.url, maxConnections: 4 });
  // Every match is read back from the emails' cards, so neither the card cap nor the size budget may leave one out.
  deps = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport,
    maxCardsPerAlert: 1000,
    htmlBudgetBytes: Number.POSITIVE_INFINITY,
  });
});

afterEach(async () => {
  await deps.close();
  await smtp.close();
  await t.drop();
});

/**
 * One subscriber with many IMMEDIATE alerts, and the answers split into two event ranges, as two ingest batches give:
 * two match jobs each give the subscriber matches (all of one subscriber's alerts are in one partition).
 */
async function subscriberWithAlerts(queries: string[]) {
  const earlier = new Date(Date.now() - 60_000);
  let subscriberId = '';
  for (const query of queries)
    subscriberId = (
      await addSubscription(t.db, {
        email: 'ann@example.org',
        query,
        frequency: 'IMMEDIATE',
        confirmed: true,
        now: earlier,
      })
    ).subscriber.id;
  await ingest({ db: t.db, source: createSampleSource() });
  const jobs: MatchJob[] = [];
  await dispatchMatchJobs({
    db: t.db,
    partitions: 4,
    enqueue: async (batch) => {
      for (const job of batch) {
        const middle = (BigInt(job.fromEventId) + BigInt(job.toEventId)) / 2n;
        jobs.push({ ...job, toEventId: String(middle) }, { ...job, fromEventId: String(middle + 1n) });
      }
    },
  });
  return { subscriberId, jobs, indexCache: createSubscriptionIndexCache(t.db) };
}

// Words that each match tens of the sample's answers, not hundreds: an alert's email lists at most maxCardsPerAlert.
const QUERIES = ['dentistry', 'Ukraine', 'floods', 'bus', 'libraries', 'fishing', 'autism', 'badgers'];
const questionIds = (messages: ReceivedMessage[]) =>
  messages.flatMap((m) =>
    [...String(m.parsed.text).matchAll(/Read it: \S+\/questions\/(\d+)/g)].map((x) => Number(x[1])),
  );
const undelivered = async () => (await matchItems(t.db, { deliveredAt: null })).length;
const send = (job: ReturnType<typeof deliverJobs.immediate>) => deliver(deps, job);

describe('immediate alerts from match to email', () => {
  it('a match job that finishes after the first email was sent gets a delivery of its own (match jobs race)', async () => {
    const { jobs, indexCache } = await subscriberWithAlerts(QUERIES);
    const partitionsWithMatches: string[] = [];
    // Each job is matched and its delivery sent before the next job runs: the interleaving that used to
    // de-duplicate every later job's delivery against the first.
    for (const job of jobs) {
      const result = await runMatchJob({ db: t.db, job, indexCache });
      for (const i of result.immediate) {
        partitionsWithMatches.push(deliveryKey(deliverJobs.immediate(i.subscriberId, i.newestMatchId)));
        expect(await send(deliverJobs.immediate(i.subscriberId, i.newestMatchId))).toMatchObject({ status: 'sent' });
      }
    }
    expect(partitionsWithMatches.length).toBeGreaterThan(1);
    expect(new Set(partitionsWithMatches).size).toBe(partitionsWithMatches.length);
    expect(await undelivered()).toBe(0);
    const announced = questionIds(smtp.messages);
    const matched = await matchItems(t.db);
    expect(announced.sort()).toEqual(matched.map((m) => m.questionId).sort());
  });

  it('matches a matcher inserted but did not live to announce are found by the sweep (matcher died before enqueueing)', async () => {
    const { subscriberId, jobs, indexCache } = await subscriberWithAlerts(QUERIES);
    // The matcher inserts, then dies: its report (and the deliveries it would have enqueued) is lost.
    for (const job of jobs) await runMatchJob({ db: t.db, job, indexCache });
    // BullMQ retries the job: the rows are there already, so the retry inserts and reports nothing.
    const retried = await Promise.all(jobs.map((job) => runMatchJob({ db: t.db, job, indexCache })));
    expect(retried.flatMap((r) => r.immediate)).toEqual([]);
    const stranded = await undelivered();
    expect(stranded).toBeGreaterThan(10);

    // Within the grace period the sweep leaves them to the matcher's own deliveries; after it, it announces them.
    expect(await findUnannouncedImmediate(t.db, { graceMs: 60_000 })).toEqual([]);
    const swept = await findUnannouncedImmediate(t.db, { graceMs: 60_000, now: new Date(Date.now() + 61_000) });
    const newest = await t.db.match.aggregate({ _max: { id: true } });
    expect(swept).toEqual([{ subscriberId, newestMatchId: String(newest._max.id), webhookAlertId: null }]);
    expect(await send(deliverJobs.immediate(subscriberId, swept[0]!.newestMatchId))).toMatchObject({
      status: 'sent',
      items: stranded,
    });
    expect(await undelivered()).toBe(0);
    // Swept again: nothing left, and the same job again finds its delivery sent.
    expect(await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 61_000) })).toEqual([]);
    expect(await send(deliverJobs.immediate(subscriberId, swept[0]!.newestMatchId))).toMatchObject({
      status: 'already-sent',
    });
    expect(smtp.messages).toHaveLength(1);
  });

  it('two deliveries for one subscriber at the same moment send each match once (the subscriber lock)', async () => {
    const { jobs, indexCache } = await subscriberWithAlerts(QUERIES);
    const results = await Promise.all(jobs.map((job) => runMatchJob({ db: t.db, job, indexCache })));
    const deliveries = results
      .flatMap((r) => r.immediate)
      .map((i) => deliverJobs.immediate(i.subscriberId, i.newestMatchId));
    expect(deliveries.length).toBeGreaterThan(1);
    const total = await undelivered();
    // Every partition's delivery, plus the sweep's, all at once, as N mailers would take them.
    const outcomes = await Promise.all([...deliveries, ...deliveries].map((job) => send(job)));
    const sent = outcomes.filter((o) => o.status === 'sent');
    expect(sent.reduce((sum, o) => sum + (o.status === 'sent' ? o.items : 0), 0)).toBe(total);
    expect(outcomes.every((o) => ['sent', 'nothing-to-send', 'already-sent'].includes(o.status))).toBe(true);
    expect(questionIds(smtp.messages)).toHaveLength(total);
    expect(await undelivered()).toBe(0);
  });

  it('a paused alert is not swept, and is once it is resumed', async () => {
    const { subscriberId, jobs, indexCache } = await subscriberWithAlerts(['badgers']);
    for (const job of jobs) await runMatchJob({ db: t.db, job, indexCache });
    await t.db.subscription.updateMany({ data: { paused: true } });
    const later = new Date(Date.now() + 120_000);
    expect(await findUnannouncedImmediate(t.db, { graceMs: 60_000, now: later })).toEqual([]);
    await t.db.subscription.updateMany({ data: { paused: false } });
    const [swept] = await findUnannouncedImmediate(t.db, { graceMs: 60_000, now: later });
    expect(swept?.subscriberId).toBe(subscriberId);
    expect(await send(deliverJobs.immediate(subscriberId, swept!.newestMatchId))).toMatchObject({ status: 'sent' });
  });
});
