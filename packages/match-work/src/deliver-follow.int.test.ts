import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport, type MailTransport } from '@alerts/email';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { deliverJobs, deliveryKey, FOLLOW_OVERDUE } from '@alerts/queue';
import type { QuestionSource } from '@alerts/sources';
import { questionLifecycle } from '@alerts/sources/testing';
import { createTokenSigner } from '@alerts/tokens';
import { deliver } from '@alerts/delivery';
import { createDemoClock } from '@alerts/composition';
import { findFollowNotices } from '@alerts/delivery';
import { followQuestion, setOverdueNote } from '@alerts/subscriptions';
import { loadEventQuestions } from './load-questions';
import { confirmSubscriber } from '@alerts/subscriptions';
import { createTestDeliverDeps } from '@alerts/delivery/testing';

// Follow emails on the real database and a real SMTP server: the rules deliver() keeps for them, one at a time.
let t: TestDatabase;
let smtp: TestSmtpServer;
let transport: MailTransport;
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
const send = (job: ReturnType<typeof deliverJobs.follow>) => deliver(deps, job);

beforeEach(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtpServer();
  transport = createSmtpTransport({ smtpUrl: smtp.url });
  deps = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport,
    config: { signer: createTokenSigner('d'.repeat(32)) },
  });
  await store(life.tabled);
});
afterEach(async () => {
  await deps.close();
  await smtp.close();
  await t.drop();
});

describe('follow emails', () => {
  it('unconfirmed follows get nothing; events before confirmation are never told', async () => {
    const { subscriber } = await followQuestion(t.db, { email: 'r@example.org', questionId: 1937695 });
    await store(life.holding('2026-09-07'));
    expect(await findFollowNotices(t.db)).toEqual([]);
    await confirmSubscriber(t.db, subscriber.id);
    expect(await findFollowNotices(t.db)).toEqual([]); // the holding answer came before the confirmation
    await store(life.answered('2026-09-07', '2026-09-21'));
    expect(await findFollowNotices(t.db)).toHaveLength(1);
  });

  it('a job sends once however often it runs, and two jobs for one follow at once send each event once', async () => {
    const { subscriber, follow } = await followQuestion(t.db, {
      email: 'r@example.org',
      questionId: 1937695,
      confirmed: true,
    });
    await store(life.holding('2026-09-07'));
    const [holding] = await findFollowNotices(t.db);
    const job = deliverJobs.follow(subscriber.id, follow.id, holding!.eventId);
    expect(await send(job)).toMatchObject({ status: 'sent' });
    expect(await send(job)).toMatchObject({ status: 'already-sent' });
    expect(await findFollowNotices(t.db)).toEqual([]);

    await store(life.answered('2026-09-07', '2026-09-21'));
    await store(life.corrected('2026-09-07', '2026-09-21', '2026-10-01'));
    const notices = await findFollowNotices(t.db);
    expect(notices).toHaveLength(2);
    // Both at once, newest first: the subscriber lock serialises them; the older one finds the follow moved past it.
    const outcomes = await Promise.all(
      [...notices].reverse().map((n) => send(deliverJobs.follow(n.subscriberId, n.followId, n.eventId))),
    );
    expect(outcomes.filter((o) => o.status === 'sent').length).toBeGreaterThanOrEqual(1);
    await smtp.settled();
    const subjects = smtp.messages.map((m) => String(m.parsed.subject));
    expect(subjects[0]).toMatch(/^Holding answer/);
    expect(subjects.filter((s) => /^Answer corrected/.test(s))).toHaveLength(1);
    expect(new Set(subjects).size).toBe(subjects.length); // nothing twice
    expect(await t.db.follow.findUniqueOrThrow({ where: { id: follow.id } })).toMatchObject({
      endedAt: expect.any(Date),
    });
    expect(await findFollowNotices(t.db)).toEqual([]);
  });

  it('each email says who gave the answer it shows, and when, in both parts; a member we cannot name is left out', async () => {
    const { subscriber, follow } = await followQuestion(t.db, {
      email: 'r@example.org',
      questionId: 1937695,
      confirmed: true,
    });
    const tell = async () => {
      const [notice] = await findFollowNotices(t.db);
      expect(await send(deliverJobs.follow(subscriber.id, follow.id, notice!.eventId))).toMatchObject({
        status: 'sent',
      });
      await smtp.settled();
      const message = smtp.messages.at(-1)!;
      return { text: String(message.parsed.text).replace(/\s+/g, ' '), html: String(message.parsed.html) };
    };
    // Member 4603 is not in our list yet: the holding answer is the department's.
    await store(life.holding('2026-09-07'));
    const holding = await tell();
    expect(holding.text).toContain(
      'The holding answer Holding answer given for the Department of Health and Social Care on 7 September 2026',
    );
    expect(holding.text).not.toContain('4603');
    await t.db.member.create({ data: { id: 4603, name: 'Karin Smyth', house: 'Commons' } });
    await store(life.answered('2026-09-07', '2026-09-21'));
    const answered = await tell();
    expect(answered.text).toContain(
      'The answer Answered by Karin Smyth (Department of Health and Social Care) on 21 September 2026',
    );
    expect(answered.html).toContain(
      'Answered by Karin Smyth (Department of Health and Social Care) on 21 September 2026',
    );
    await store(life.corrected('2026-09-07', '2026-09-21', '2026-10-01'));
    expect((await tell()).text).toContain(
      'The corrected answer Corrected by Karin Smyth (Department of Health and Social Care) on 1 October 2026',
    );
  });

  it('after the answer the follow waits for a correction for 30 days, then ends by itself', async () => {
    const { subscriber, follow } = await followQuestion(t.db, {
      email: 'r@example.org',
      questionId: 1937695,
      confirmed: true,
    });
    await store(life.answered(null, '2026-09-21'));
    const [answer] = await findFollowNotices(t.db);
    expect(await send(deliverJobs.follow(subscriber.id, follow.id, answer!.eventId))).toMatchObject({ status: 'sent' });
    const open = await t.db.follow.findUniqueOrThrow({ where: { id: follow.id } });
    expect(open.endedAt).toBeNull();
    expect(Math.round((open.endsAt!.getTime() - Date.now()) / 86_400_000)).toBe(30);
    // The window passes; a correction after it is not told.
    await t.db.follow.update({ where: { id: follow.id }, data: { endsAt: new Date(Date.now() - 1000) } });
    await store(life.corrected(null, '2026-09-21', '2026-11-30'));
    expect(await findFollowNotices(t.db)).toEqual([]);
    const [correction] = await t.db.questionEvent.findMany({ where: { kind: 'CORRECTED' } });
    expect(await send(deliverJobs.follow(subscriber.id, follow.id, String(correction!.id)))).toMatchObject({
      status: 'nothing-to-send',
    });
  });

  it('a suppressed address is skipped; an unfollowed question sends nothing', async () => {
    const { subscriber, follow } = await followQuestion(t.db, {
      email: 'gone@example.org',
      questionId: 1937695,
      confirmed: true,
    });
    await store(life.holding('2026-09-07'));
    const [notice] = await findFollowNotices(t.db);
    await t.db.suppression.create({ data: { email: 'gone@example.org', reason: 'MANUAL' } });
    expect(await send(deliverJobs.follow(subscriber.id, follow.id, notice!.eventId))).toMatchObject({
      status: 'skipped',
    });
    await t.db.follow.delete({ where: { id: follow.id } });
    expect(await send(deliverJobs.follow(subscriber.id, follow.id, notice!.eventId))).toMatchObject({
      status: 'skipped',
    });
    expect(smtp.messages).toHaveLength(0);
  });

  it('keyword alerts never see holding answers or withdrawals; followers never see the asking (TABLED)', async () => {
    await followQuestion(t.db, {
      email: 'r@example.org',
      questionId: 1937695,
      confirmed: true,
      now: new Date(Date.now() - 60_000),
    });
    await store(life.holding('2026-09-07'));
    await store(life.withdrawn());
    const events = await t.db.questionEvent.findMany({ orderBy: { id: 'asc' } });
    expect(events.map((e) => e.kind)).toEqual(['TABLED', 'HOLDING', 'WITHDRAWN']);
    expect(await loadEventQuestions(t.db, { from: events[1]!.id, to: events[2]!.id })).toEqual([]);
    // The follow was confirmed before the question's TABLED event, yet hears only of the holding answer and the withdrawal.
    expect((await findFollowNotices(t.db)).map((n) => n.eventId)).toEqual([
      String(events[1]!.id),
      String(events[2]!.id),
    ]);
  });

  describe('the still-waiting note (question 1937695 was due for answer on 7 September 2026)', () => {
    const overdueNotes = async (now?: Date) =>
      (await findFollowNotices(t.db, now ? { now } : {})).filter((n) => n.eventId === FOLLOW_OVERDUE);

    it('is sent once when asked for and the question is overdue; a second tick or a retried job sends nothing', async () => {
      const { subscriber, follow } = await followQuestion(t.db, {
        email: 'r@example.org',
        questionId: 1937695,
        confirmed: true,
        wantsOverdueNote: true,
      });
      // A calendar date in the UK: not overdue on its due date, overdue from the next day (midnight in London, BST).
      expect(await overdueNotes(new Date('2026-09-07T22:59:00Z'))).toEqual([]);
      expect(await overdueNotes(new Date('2026-09-07T23:01:00Z'))).toEqual([
        { subscriberId: subscriber.id, followId: follow.id, eventId: FOLLOW_OVERDUE },
      ]);

      const [notice] = await findFollowNotices(t.db);
      const job = deliverJobs.follow(notice!.subscriberId, notice!.followId, notice!.eventId);
      expect(deliveryKey(job)).toBe(`deliver.FOLLOW.${subscriber.id}.${follow.id}.overdue`);
      // Two ingesters' jobs at once (the same id), then the retry: one email.
      const outcomes = await Promise.all([send(job), send(job)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['already-sent', 'sent']);
      expect(await send(job)).toMatchObject({ status: 'already-sent' });
      expect(await findFollowNotices(t.db)).toEqual([]); // the next tick finds nothing to do
      expect((await t.db.follow.findUniqueOrThrow({ where: { id: follow.id } })).overdueNotedAt).toEqual(
        expect.any(Date),
      );

      await smtp.settled();
      expect(smtp.messages).toHaveLength(1);
      const [email] = smtp.messages;
      expect(String(email!.parsed.subject)).toMatch(/^Still waiting: Commons question 26882/);
      const text = String(email!.parsed.text);
      expect(text).toContain('overdue since 7 September 2026');
      expect(text).toContain('A department that needs more time says so with a holding answer');
      expect(text).toContain('We will still write when it is answered');

      // Turned off and on again, it is still not sent twice; the follow still tells of the answer.
      await setOverdueNote(t.db, { subscriberId: subscriber.id, followId: follow.id, wanted: false });
      await setOverdueNote(t.db, { subscriberId: subscriber.id, followId: follow.id, wanted: true });
      expect(await overdueNotes()).toEqual([]);
      await store(life.answered(null, '2026-12-01'));
      expect((await findFollowNotices(t.db)).map((n) => n.eventId)).toEqual([expect.stringMatching(/^\d+$/)]);
    });

    it('is not sent when not asked for, nor turned off, nor once the question is answered, nor to an unconfirmed follow', async () => {
      const plain = await followQuestion(t.db, { email: 'plain@example.org', questionId: 1937695, confirmed: true });
      const off = await followQuestion(t.db, {
        email: 'off@example.org',
        questionId: 1937695,
        confirmed: true,
        wantsOverdueNote: true,
      });
      const pending = await followQuestion(t.db, {
        email: 'pending@example.org',
        questionId: 1937695,
        wantsOverdueNote: true,
      });
      const answered = await followQuestion(t.db, {
        email: 'answered@example.org',
        questionId: 1937695,
        confirmed: true,
        wantsOverdueNote: true,
      });
      await setOverdueNote(t.db, { subscriberId: off.subscriber.id, followId: off.follow.id, wanted: false });
      expect((await overdueNotes()).map((n) => n.followId)).toEqual([answered.follow.id]);
      const job = deliverJobs.follow(answered.subscriber.id, answered.follow.id, FOLLOW_OVERDUE);

      // The answer arrives after the note was queued: the queued job finds nothing to say.
      await store(life.answered(null, '2026-12-01'));
      expect(await overdueNotes()).toEqual([]);
      expect(await send(job)).toMatchObject({ status: 'nothing-to-send' });
      // Nor would a job for the others have said anything.
      for (const { subscriber, follow } of [plain, off, pending]) {
        expect(await send(deliverJobs.follow(subscriber.id, follow.id, FOLLOW_OVERDUE))).toMatchObject({
          status: 'nothing-to-send',
        });
      }
      await smtp.settled();
      expect(smtp.messages.map((m) => String(m.parsed.subject))).toEqual([]);
    });

    it("goes by demo mode's stated clock there: not overdue on the demo's 3 September, whatever the machine says", async () => {
      const { subscriber, follow } = await followQuestion(t.db, {
        email: 'r@example.org',
        questionId: 1937695,
        confirmed: true,
        wantsOverdueNote: true,
      });
      let machine = new Date('2026-12-05T12:00:00Z');
      const clock = createDemoClock({
        newestAnswer: '2026-08-19',
        newestRecord: '2026-09-02',
        machineNow: () => machine,
      });
      expect(await overdueNotes(clock.now())).toEqual([]);
      const demoDeps = { ...deps, config: { ...deps.config, clock } };
      expect(await deliver(demoDeps, deliverJobs.follow(subscriber.id, follow.id, FOLLOW_OVERDUE))).toMatchObject({
        status: 'nothing-to-send',
      });
      // Five days on (the demo left running), the question is overdue by the demo's calendar too.
      machine = new Date('2026-12-10T12:00:00Z');
      expect(await overdueNotes(clock.now())).toHaveLength(1);
    });

    it('a question with a holding answer is still waiting: its note shows the holding answer', async () => {
      const { subscriber, follow } = await followQuestion(t.db, {
        email: 'r@example.org',
        questionId: 1937695,
        confirmed: true,
        wantsOverdueNote: true,
      });
      await store(life.holding('2026-09-07'));
      expect(await send(deliverJobs.follow(subscriber.id, follow.id, FOLLOW_OVERDUE))).toMatchObject({
        status: 'sent',
      });
      await smtp.settled();
      const text = String(smtp.messages[0]!.parsed.text);
      expect(text).toContain('The holding answer');
      expect(text).toContain('will not be possible to answer this question within the usual time period');
    });
  });
});
