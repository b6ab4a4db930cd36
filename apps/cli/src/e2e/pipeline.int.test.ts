import { matchItems } from '@alerts/db/testing';
import { startTestSmtpServer, type ReceivedMessage, type TestSmtpServer } from '@alerts/email/testing';
import { addSubscription } from '@alerts/subscriptions';
import { BASE_URL, startPipeline } from './pipeline-harness';
import { announcementProblems, expectedQuestionIds, linkedQuestionIds as linkedIds } from './sample-oracle';

// The whole pipeline on real PostgreSQL, Redis and SMTP: the sample is ingested through the queue, matched by
// the matcher, and mailed by the mailer. The expected questions come from the direct evaluator (the matching
// package's oracle) over the same real records, not from the pipeline itself.
const linkedQuestionIds = (message: ReceivedMessage) => linkedIds(message, BASE_URL);
const to = (message: ReceivedMessage) => message.envelope.to[0];

describe('the pipeline, end to end', () => {
  let smtp: TestSmtpServer;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;

  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    pipeline = await startPipeline({ smtpUrl: smtp.url });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await smtp?.close();
  });

  it('sends exactly the right emails once each, and nothing on a second cycle', async () => {
    const { db, queues } = pipeline;
    const add = (email: string, query: string, frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY', confirmed = true) =>
      addSubscription(db, { email, query, frequency, confirmed });
    const flood = await add('flood@example.org', 'flood OR badgers', 'IMMEDIATE');
    const gaza = await add('gaza@example.org', 'Gaza', 'IMMEDIATE');
    const member = await add('member@example.org', 'speaker:185', 'DAILY');
    const dept = await add('dept@example.org', 'department:"Home Office"', 'WEEKLY');
    // People who must get nothing: unconfirmed, paused, disabled, suppressed.
    await add('pending@example.org', 'asylum', 'IMMEDIATE', false);
    const paused = await add('paused@example.org', 'nuclear', 'IMMEDIATE');
    await db.subscription.update({ where: { id: paused.subscription.id }, data: { paused: true } });
    const disabled = await add('disabled@example.org', 'schools', 'IMMEDIATE');
    await db.subscription.update({ where: { id: disabled.subscription.id }, data: { disabledAt: new Date() } });
    await add('suppressed@example.org', 'prisons', 'DAILY');
    await db.suppression.create({ data: { email: 'suppressed@example.org', reason: 'MANUAL' } });

    // Cycle 1: the scheduler's ingest tick, then (later) the daily and weekly digest ticks.
    await queues.enqueueIngest({ source: 'sample', slot: '2026-11-27T0700' });
    await pipeline.idle();
    const immediate = await smtp.waitForMessages(2);
    expect(immediate.map(to).sort()).toEqual(['flood@example.org', 'gaza@example.org']);
    await queues.enqueueDigest({ frequency: 'DAILY', runKey: '2026-11-27' });
    await queues.enqueueDigest({ frequency: 'WEEKLY', runKey: '2026-W48' });
    await pipeline.idle();
    const messages = await smtp.waitForMessages(4);
    expect(messages.map(to).sort()).toEqual([
      'dept@example.org',
      'flood@example.org',
      'gaza@example.org',
      'member@example.org',
    ]);

    const byRecipient = new Map(messages.map((m) => [to(m), m]));
    // Immediate emails: every answer linked, or as many as the size budget holds and "See all N" for the rest; each
    // match recorded as delivered by that one email.
    for (const [email, query, subscription] of [
      ['flood@example.org', 'flood OR badgers', flood],
      ['gaza@example.org', 'Gaza', gaza],
    ] as const) {
      const expected = expectedQuestionIds(query);
      expect(announcementProblems(byRecipient.get(email)!, BASE_URL, expected)).toEqual([]);
      const matches = await matchItems(db, { subscriptionId: subscription.subscription.id });
      expect(matches.map((m) => m.questionId).sort((a, b) => a - b)).toEqual(expected);
      expect(new Set(matches.map((m) => m.deliveryId)).size).toBe(1);
      expect(matches.every((m) => m.deliveredAt !== null)).toBe(true);
    }
    // Capped digests: 10 cards, "See all N on the web", and every match recorded as delivered by that one email.
    for (const [email, query, subscription] of [
      ['member@example.org', 'speaker:185', member],
      ['dept@example.org', 'department:"Home Office"', dept],
    ] as const) {
      const message = byRecipient.get(email)!;
      const expected = expectedQuestionIds(query);
      expect(expected.length).toBeGreaterThan(10);
      expect(linkedQuestionIds(message)).toHaveLength(10);
      expect(linkedQuestionIds(message).every((id) => expected.includes(id))).toBe(true);
      expect(message.parsed.text).toMatch(
        new RegExp(
          `See all ${expected.length} for .+ on the web: http://alerts\\.test/manage/\\S+/more\\?match=\\d+\\s`,
        ),
      );
      const matches = await matchItems(db, { subscriptionId: subscription.subscription.id });
      expect(matches.map((m) => m.questionId).sort((a, b) => a - b)).toEqual(expected);
      expect(new Set(matches.map((m) => m.deliveryId)).size).toBe(1);
      expect(matches.every((m) => m.deliveredAt !== null)).toBe(true);
    }
    // Every message carries the one-click unsubscribe headers and a text part.
    for (const message of messages) {
      const headers = message.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' '); // unfolded
      expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
      expect(headers).toMatch(
        /^List-Unsubscribe:\s+<http:\/\/alerts\.test\/unsubscribe\/[\w-]+\.[\w-]+>,\s+<mailto:unsubscribe@alerts\.test>/m,
      );
      expect(message.parsed.text?.length).toBeGreaterThan(100);
      expect(message.envelope.from).toBe(`bounces+${to(message)!.replace('@', '=')}@alerts.test`);
    }
    expect(
      await db.match.count({ where: { subscription: { subscriberId: flood.subscriber.id }, deliveredAt: null } }),
    ).toBe(0);
    const sent = await db.delivery.findMany({ where: { status: 'SENT' } });
    expect(sent).toHaveLength(4);

    // Cycle 2: new ticks find nothing new: no email.
    await queues.enqueueIngest({ source: 'sample', slot: '2026-11-27T0710' });
    await queues.enqueueDigest({ frequency: 'DAILY', runKey: '2026-11-28' });
    await queues.enqueueDigest({ frequency: 'WEEKLY', runKey: '2026-W49' });
    await pipeline.idle();
    // A double tick (same slot) is one job: enqueueing it again adds nothing.
    await queues.enqueueDigest({ frequency: 'DAILY', runKey: '2026-11-27' });
    await pipeline.idle();
    expect(smtp.messages).toHaveLength(4);
    expect(await db.delivery.count()).toBe(4);
  });
});
