import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport } from '@alerts/email';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { deliverJobs, type MatchJob } from '@alerts/queue';
import type { QuestionSource } from '@alerts/sources';
import { questionLifecycle } from '@alerts/sources/testing';
import { createTokenSigner } from '@alerts/tokens';
import { deliver } from '@alerts/delivery';
import { dispatchMatchJobs } from './dispatch-match-jobs';
import { runMatchJob, type MatchJobResult } from './run-match-job';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { addSubscription, updateSubscription } from '@alerts/subscriptions';
import { createTestDeliverDeps } from '@alerts/delivery/testing';

// Keyword alerts on tabled questions, on the real database and a real SMTP server: ingest → match → deliver, one
// step at a time, for a question that is tabled and later answered. 1937695 asks "…if she intends double the number
// of medical school places."
let t: TestDatabase;
let smtp: TestSmtpServer;
let deps: Awaited<ReturnType<typeof createTestDeliverDeps>>;
const life = questionLifecycle(1937695);
const store = (...records: unknown[]) => {
  const source: QuestionSource = {
    name: 'test',
    fetch: async function* () {
      for (const record of records) yield { kind: 'record' as const, record };
    },
    knownMembers: async () => [],
  };
  return ingest({ db: t.db, source });
};
/** Match the new events as the matcher does (twice: a retried job must insert nothing more), then send each immediate email it reports. */
async function matchAndSend(partitions = 2) {
  const indexCache = createSubscriptionIndexCache(t.db);
  const jobs: MatchJob[] = [];
  await dispatchMatchJobs({ db: t.db, partitions, enqueue: async (batch) => void jobs.push(...batch) });
  const results: MatchJobResult[] = [];
  for (const job of jobs) results.push(await runMatchJob({ db: t.db, job, indexCache }));
  for (const job of jobs)
    expect(await runMatchJob({ db: t.db, job, indexCache })).toMatchObject({ inserted: 0, immediate: [] });
  for (const { subscriberId, newestMatchId } of results.flatMap((r) => r.immediate)) {
    const job = deliverJobs.immediate(subscriberId, newestMatchId);
    expect(await deliver(deps, job)).toMatchObject({ status: 'sent' });
  }
  await smtp.settled();
}
const to = (email: string) => smtp.messages.filter((m) => m.envelope.to.includes(email));

beforeEach(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtpServer();
  deps = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport: createSmtpTransport({ smtpUrl: smtp.url }),
    config: { signer: createTokenSigner('d'.repeat(32)) },
  });
});
afterEach(async () => {
  await deps.close();
  await smtp.close();
  await t.drop();
});

describe('keyword alerts on tabled questions', () => {
  it('an alert with includeTabled hears of the asking and later of the answer, each once; a default alert of the answer only', async () => {
    const earlier = new Date(Date.now() - 60_000);
    await addSubscription(t.db, {
      email: 'campaigner@example.org',
      query: '"medical school"',
      frequency: 'IMMEDIATE',
      includeTabled: true,
      confirmed: true,
      now: earlier,
    });
    await addSubscription(t.db, {
      email: 'reader@example.org',
      query: '"medical school"',
      frequency: 'IMMEDIATE',
      confirmed: true,
      now: earlier,
    });

    await store(life.tabled);
    await matchAndSend();
    expect(to('reader@example.org')).toHaveLength(0);
    const [asked] = to('campaigner@example.org');
    expect(asked).toBeDefined();
    expect(String(asked!.parsed.subject)).toMatch(/^New question on /);
    const askedText = String(asked!.parsed.text);
    expect(askedText).toContain('Asked 2 September 2026 · Not yet answered · due for answer by 7 September 2026');
    expect(askedText).toContain('questions and answers mentioning "medical school"');
    expect(askedText).toContain('Email me when this is answered: http://alerts.test/questions/1937695#follow');
    expect(String(asked!.parsed.html)).toContain('href="http://alerts.test/questions/1937695#follow"');
    expect(await t.db.match.findMany({ select: { asked: true, deliveredAt: true } })).toEqual([
      { asked: true, deliveredAt: expect.any(Date) },
    ]);

    // Nothing new: nothing more.
    await matchAndSend();
    expect(smtp.messages).toHaveLength(1);

    // The answer: both alerts hear of it once, and the asked match does not stand in the answer's way.
    await store(life.answered(null, '2026-09-21'));
    await matchAndSend();
    await matchAndSend();
    const campaigner = to('campaigner@example.org').map((m) => String(m.parsed.subject));
    expect(campaigner).toEqual([expect.stringMatching(/^New question on /), expect.stringMatching(/^New answer on /)]);
    expect(to('reader@example.org').map((m) => String(m.parsed.subject))).toEqual([
      expect.stringMatching(/^New answer on /),
    ]);
    const answerText = String(to('campaigner@example.org')[1]!.parsed.text);
    expect(answerText).toContain('Answered 21 September 2026');
    expect(answerText).toContain('answers mentioning "medical school"');
    expect(answerText).not.toContain('questions and answers');
    expect(answerText).not.toContain('Not yet answered');
    const matches = await t.db.match.findMany({
      select: { asked: true, subscription: { select: { includeTabled: true } } },
      orderBy: { id: 'asc' },
    });
    expect(matches.map((m) => [m.subscription.includeTabled, m.asked])).toEqual(
      expect.arrayContaining([
        [true, true],
        [true, false],
        [false, false],
      ]),
    );
    expect(matches).toHaveLength(3);
  });

  it('a digest that holds the asking and the answer of one question shows it once, answered, and sends both matches', async () => {
    const earlier = new Date(Date.now() - 60_000);
    const { subscriber, subscription } = await addSubscription(t.db, {
      email: 'weekly@example.org',
      query: '"medical school"',
      frequency: 'WEEKLY',
      confirmed: true,
      now: earlier,
    });
    // Opted in by editing the alert: the matcher's index cache sees the change.
    const indexCache = createSubscriptionIndexCache(t.db);
    await indexCache(0, 1);
    await updateSubscription(t.db, {
      subscriberId: subscriber.id,
      id: subscription.id,
      query: subscription.query,
      frequency: 'WEEKLY',
      includeTabled: true,
    });
    expect((await indexCache(0, 1)).askedIndex.size).toBe(1);

    await store(life.tabled);
    await matchAndSend();
    await store(life.answered(null, '2026-09-21'));
    await matchAndSend();
    expect(await t.db.match.count({ where: { deliveredAt: null } })).toBe(2);

    const job = deliverJobs.digest(subscriber.id, 'WEEKLY', '2026-W39');
    expect(await deliver(deps, job)).toMatchObject({ status: 'sent', items: 2 });
    await smtp.settled();
    const [digest] = to('weekly@example.org');
    expect(String(digest!.parsed.subject)).toMatch(/^1 new answer: /);
    const text = String(digest!.parsed.text);
    expect(text.match(/Read it: http:\/\/alerts\.test\/questions\/1937695/g)).toHaveLength(1);
    expect(text).not.toContain('Not yet answered');
    expect(await t.db.match.count({ where: { deliveredAt: null } })).toBe(0);
  });

  it('a question withdrawn after its asking matched, before the digest goes, is shown as withdrawn, not as an empty answer', async () => {
    const earlier = new Date(Date.now() - 60_000);
    const { subscriber } = await addSubscription(t.db, {
      email: 'daily@example.org',
      query: '"medical school"',
      frequency: 'DAILY',
      includeTabled: true,
      confirmed: true,
      now: earlier,
    });
    await store(life.tabled);
    await matchAndSend();
    await store(life.withdrawn());

    const job = deliverJobs.digest(subscriber.id, 'DAILY', '2026-09-22');
    expect(await deliver(deps, job)).toMatchObject({ status: 'sent', items: 1 });
    await smtp.settled();
    const text = String(to('daily@example.org')[0]!.parsed.text);
    expect(text).toContain('Asked 2 September 2026 · Withdrawn\n');
    expect(text).toContain('It was withdrawn and will not be answered. Read it: http://alerts.test/questions/1937695');
    expect(text).not.toMatch(/Not yet answered|Answered \d|Email me when this is answered/);
  });

  it('an asking matched only after the question was answered is left to the answer: one email, not the answer twice', async () => {
    await addSubscription(t.db, {
      email: 'campaigner@example.org',
      query: '"medical school"',
      frequency: 'IMMEDIATE',
      includeTabled: true,
      confirmed: true,
      now: new Date(Date.now() - 60_000),
    });
    await store(life.tabled);
    await store(life.answered(null, '2026-09-21'));
    const [tabled, answered] = await t.db.questionEvent.findMany({
      where: { questionId: 1937695 },
      orderBy: { id: 'asc' },
    });
    expect([tabled?.kind, answered?.kind]).toEqual(['TABLED', 'ANSWERED']);
    // A matcher that reaches the asking's event only now, in a range of its own, finds nothing to announce.
    const indexCache = createSubscriptionIndexCache(t.db);
    const late = await runMatchJob({
      db: t.db,
      job: { fromEventId: String(tabled!.id), toEventId: String(tabled!.id), partition: 0, partitions: 1 },
      indexCache,
    });
    expect(late).toMatchObject({ inserted: 0, immediate: [] });
    await matchAndSend(1);
    expect(to('campaigner@example.org').map((m) => String(m.parsed.subject))).toEqual([
      expect.stringMatching(/^New answer on /),
    ]);
  });

  it('a question first stored by a backfill is never announced as asked', async () => {
    await addSubscription(t.db, {
      email: 'campaigner@example.org',
      query: '"medical school"',
      frequency: 'IMMEDIATE',
      includeTabled: true,
      confirmed: true,
      now: new Date(Date.now() - 60_000),
    });
    const source: QuestionSource = {
      name: 'test',
      fetch: async function* () {
        yield { kind: 'record' as const, record: life.tabled };
      },
      knownMembers: async () => [],
    };
    await ingest({ db: t.db, source, window: { from: '2026-09-02', to: '2026-09-02' } });
    await matchAndSend();
    expect(await t.db.match.count()).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });
});
