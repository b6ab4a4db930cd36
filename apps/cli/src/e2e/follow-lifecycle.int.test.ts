import type { TestDatabase } from '@alerts/db/testing';
import type { ReceivedMessage, TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { oweDeliveries } from '@alerts/delivery';
import { addSubscription, confirmSubscriber, followQuestion } from '@alerts/subscriptions';
import { deliverJobs, type Queues } from '@alerts/queue';
import { ukToday, type QuestionSource } from '@alerts/sources';
import { questionLifecycle, startFixtureApi, type FixtureApi } from '@alerts/sources/testing';
import { startDeployment, type Deployment } from './deployment';
import { waitForLedgerSettled } from './ledger-settled';
import { waitFor, type Role } from './role-process';

// Following one question, with the processes as deployed: ingester, matcher and mailer each its own OS process
// (`npm start -w @alerts/<role>`), the Parliament source reading recorded real records served over HTTP by a local
// API, a real SMTP server. The test plays the scheduler (it enqueues each ingest tick) and the API (it moves each
// question through its states between ticks, with the shapes API.md describes).

const BASE_URL = 'http://alerts.test';
type Item = { value: Record<string, unknown>; links?: unknown };

const subjectsTo = (messages: ReceivedMessage[], email: string) =>
  messages.filter((m) => m.envelope.to.includes(email)).map((m) => String(m.parsed.subject));

describe('follow one question until it is answered, processes as deployed', () => {
  let deployment: Deployment;
  let smtp: TestSmtpServer;
  let api: FixtureApi;
  let t: TestDatabase;
  let queues: Queues;
  const list: Item[] = [];
  const details = new Map<number, Item>();
  let tick = 0;
  const start = (role: Role) => deployment.start(role);

  /** One ingest tick, as the scheduler enqueues it; resolves when the ingester has finished it. */
  async function ingestTick() {
    const job = await queues.enqueueIngest({ source: 'parliament', slot: `tick-${++tick}` });
    await waitFor(
      async () =>
        (await job.isCompleted())
          ? true
          : (await job.isFailed())
            ? Promise.reject(new Error(job.failedReason))
            : undefined,
      {
        timeoutMs: 60_000,
        describe: () => `ingest tick ${tick} did not finish`,
      },
    );
  }

  beforeEach(async () => {
    api = await startFixtureApi({ list, details });
    deployment = await startDeployment({
      area: 'follow',
      env: {
        PUBLIC_BASE_URL: BASE_URL,
        PARLIAMENT_API_URL: api.baseUrl,
        MEMBERS_API_URL: api.baseUrl,
        MATCH_PARTITIONS: '1',
        IMMEDIATE_SWEEP_GRACE_SECONDS: '1',
      },
    });
    ({ smtp, t, queues } = deployment);
  }, 60_000);

  afterEach(async () => {
    await deployment.close();
    await api.close();
    list.length = 0;
    details.clear();
  }, 60_000);

  it('holding answer, answer, correction: exactly three emails, each saying what happened, then it ends; withdrawn: one email; overdue: one still-waiting note when asked for', async () => {
    const today = ukToday();
    const followed = questionLifecycle(1937695); // "…if she intends double the number of medical school places."
    const withdrawn = questionLifecycle(1937694);
    // The two questions were tabled in September; they are in the database from that day's run.
    const seed: QuestionSource = {
      name: 'parliament',
      fetch: async function* () {
        yield* [followed.tabled, withdrawn.tabled].map((record) => ({ kind: 'record' as const, record }));
      },
      knownMembers: async () => [],
    };
    await ingest({ db: t.db, source: seed, window: { from: '2026-09-02', to: '2026-09-02' } });
    for (const item of [followed.tabled, withdrawn.tabled]) details.set(item.value.id as number, item);

    // A keyword alert on the same question's words: it must hear of the answer only, never the holding answer.
    await addSubscription(t.db, {
      email: 'keyword@example.org',
      query: '"medical school"',
      frequency: 'IMMEDIATE',
      confirmed: true,
    });
    // One that also wants questions when they are asked: it hears of a question tabled today (but not of the two
    // stored by the backfill), then of the answer above, each once.
    await addSubscription(t.db, {
      email: 'campaigner@example.org',
      query: '"medical school" OR "Hughes Report"',
      frequency: 'IMMEDIATE',
      includeTabled: true,
      confirmed: true,
    });
    const hughes = questionLifecycle(1937693).tabled; // "…when she intends to respond to the Hughes Report."
    const askedToday = { value: { ...hughes.value, dateTabled: `${today}T00:00:00` }, links: hughes.links };

    await Promise.all([start('mailer'), start('matcher'), start('ingester')].map((p) => p.started));

    // Follow through the double opt-in: the confirmation email names the question; the link confirms the follow.
    const { subscriber, follow, needsConfirmation } = await followQuestion(t.db, {
      email: 'reader@example.org',
      questionId: 1937695,
    });
    expect(needsConfirmation).toBe(true);
    await oweDeliveries({ db: t.db, queue: queues }, [deliverJobs.followConfirmation(subscriber.id, follow.id)]);
    const [confirmation] = await smtp.waitForMessages(1);
    expect(String(confirmation!.parsed.text)).toContain('Commons question 26882');
    await confirmSubscriber(t.db, subscriber.id);
    const other = await followQuestion(t.db, { email: 'other@example.org', questionId: 1937694, confirmed: true });
    // Both questions were due for answer in September, so are overdue: only a follower who asked hears of it.
    await followQuestion(t.db, {
      email: 'late@example.org',
      questionId: 1937694,
      confirmed: true,
      wantsOverdueNote: true,
    });

    await ingestTick(); // nothing has happened yet: no email but the one still-waiting note
    await smtp.waitForMessages(2);
    expect(subjectsTo(smtp.messages, 'late@example.org')).toEqual([
      expect.stringMatching(/^Still waiting: Commons question 26881/),
    ]);
    expect(String(smtp.messages[1]!.parsed.text)).toContain('overdue since');

    // 0. A question about the Hughes Report is tabled today: only the alert that wants askings hears of it.
    list.push(askedToday);
    details.set(1937693, askedToday);
    await ingestTick();
    await smtp.waitForMessages(3);

    // 1. A holding answer. The API lists it as answered on its date; the detail route says it is holding.
    const holding = followed.holding(today);
    list.push(holding);
    details.set(1937695, holding);
    await ingestTick();
    await smtp.waitForMessages(4);

    // 2. The substantive answer.
    const answered = followed.answered(today, today);
    list.splice(0, list.length, answered);
    details.set(1937695, answered);
    await ingestTick();
    await smtp.waitForMessages(7); // the follower's email and the two keyword alerts'

    // 3. A correction (listed by correctedWhen, as the answer keeps its date).
    const corrected = followed.corrected(today, today, today);
    list.splice(0, list.length, corrected);
    details.set(1937695, corrected);
    await ingestTick();
    await smtp.waitForMessages(8);

    // The other question is withdrawn, which no dated list shows: the follow makes the ingester fetch it again.
    details.set(1937694, withdrawn.withdrawn());
    await ingestTick();
    await smtp.waitForMessages(10); // to both its followers

    // More ticks change nothing and send nothing: every follow has ended, and the note went once in six ticks.
    await ingestTick();
    await waitForLedgerSettled(t.db, { timeoutMs: 30_000, queues });
    await smtp.settled();

    const toReader = smtp.messages.filter((m) => m.envelope.to.includes('reader@example.org')).slice(1); // after the confirmation
    expect(toReader.map((m) => String(m.parsed.subject))).toEqual([
      expect.stringMatching(/^Holding answer: Commons question 26882/),
      expect.stringMatching(/^Answered: Commons question 26882/),
      expect.stringMatching(/^Answer corrected: Commons question 26882/),
    ]);
    const texts = toReader.map((m) => String(m.parsed.text));
    expect(texts[0]).toContain('We will write again when the answer arrives');
    expect(texts[0]).toContain('will not be possible to answer this question within the usual time period');
    expect(texts[1]).toContain('For reasons of operational security'); // the answer itself
    expect(texts[2]).toContain('(Corrected.)');
    expect(texts[2]).toContain('your follow has ended');
    // One-click unsubscribe (RFC 8058) on every follow email.
    for (const m of toReader)
      expect(m.parsed.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
      );

    expect(subjectsTo(smtp.messages, 'other@example.org')).toEqual([
      expect.stringMatching(/^Withdrawn: Commons question 26881/),
    ]);
    expect(String(smtp.messages.find((m) => m.envelope.to.includes('other@example.org'))!.parsed.text)).toContain(
      'will not be answered',
    );
    expect(subjectsTo(smtp.messages, 'late@example.org')).toEqual([
      expect.stringMatching(/^Still waiting: /),
      expect.stringMatching(/^Withdrawn: /),
    ]);

    // The keyword alert announced the answer once, and nothing for the holding answer.
    expect(subjectsTo(smtp.messages, 'keyword@example.org')).toEqual([expect.stringMatching(/^New answer on/)]);
    // The alert with includeTabled: the asking of the question tabled today, then the answer; no more.
    expect(subjectsTo(smtp.messages, 'campaigner@example.org')).toEqual([
      expect.stringMatching(/^New question on .*: Question 26880$/),
      expect.stringMatching(/^New answer on .*: Question 26882$/),
    ]);
    const asking = String(smtp.messages.find((m) => m.envelope.to.includes('campaigner@example.org'))!.parsed.text);
    expect(asking).toContain('Not yet answered');
    expect(asking).toContain(`Email me when this is answered: ${BASE_URL}/questions/1937693#follow`);

    const follows = await t.db.follow.findMany({ orderBy: { createdAt: 'asc' } });
    expect(follows.map((f) => f.endedAt !== null)).toEqual([true, true, true]);
    expect(await t.db.delivery.count({ where: { kind: 'FOLLOW', status: 'SENT' } })).toBe(6);
    expect(other.follow.id).toBe(follows[1]!.id);
  }, 240_000);
});
