import { createTestDatabase, matchItems, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport, type MailTransport } from '@alerts/email';
import { startTestSmtpServer, type SmtpReply, type TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { createSampleSource } from '@alerts/sources';
import { createTokenSigner } from '@alerts/tokens';
import { deliver } from '@alerts/delivery';
import { dispatchMatchJobs } from './dispatch-match-jobs';
import { deliveryKey } from '@alerts/queue';
import { runMatchJob } from './run-match-job';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { addSubscription, confirmSubscriber } from '@alerts/subscriptions';
import { createTestDeliverDeps } from '@alerts/delivery/testing';

let t: TestDatabase;
let smtp: TestSmtpServer;
let transport: MailTransport;
let deps: Awaited<ReturnType<typeof createTestDeliverDeps>>;
let reply: SmtpReply | undefined;

beforeAll(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtpServer({ respond: () => reply });
  transport = createSmtpTransport({ smtpUrl: smtp.url });
  deps = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport,
    config: { signer: createTokenSigner('d'.repeat(32)) },
  });
  const earlier = new Date(Date.now() - 60_000);
  await addSubscription(t.db, {
    email: 'ok@example.org',
    query: 'badgers',
    frequency: 'DAILY',
    confirmed: true,
    now: earlier,
  });
  await addSubscription(t.db, {
    email: 'bounce@example.org',
    query: 'badgers',
    frequency: 'DAILY',
    confirmed: true,
    now: earlier,
  });
  await addSubscription(t.db, { email: 'later@example.org', query: 'badgers', frequency: 'DAILY', confirmed: false });
  await ingest({ db: t.db, source: createSampleSource() });
  const indexCache = createSubscriptionIndexCache(t.db);
  await dispatchMatchJobs({
    db: t.db,
    partitions: 1,
    enqueue: async (jobs) => {
      for (const job of jobs) await runMatchJob({ db: t.db, job, indexCache });
    },
  });
});

afterAll(async () => {
  await deps.close();
  await smtp.close();
  await t.drop();
});

const subscriberId = async (email: string) => (await t.db.subscriber.findUniqueOrThrow({ where: { email } })).id;
const job = async (email: string, runKey: string) => ({
  kind: 'DIGEST' as const,
  subscriberId: await subscriberId(email),
  frequency: 'DAILY' as const,
  runKey,
});

describe('deliver', () => {
  it('defers a 4xx: the delivery stays owed with its matches claimed and a retry time, then the retry sends exactly them once', async () => {
    reply = { code: 451, message: '4.3.0 Try later' };
    const daily = await job('ok@example.org', 'r1');
    const before = Date.now();
    const outcome = await deliver(deps, daily);
    expect(outcome).toMatchObject({ status: 'deferred' });
    // The first retry waits the policy's first delay (1 minute by default).
    expect(outcome.status === 'deferred' && outcome.retryAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    const owed = await t.db.delivery.findUniqueOrThrow({ where: { dedupeKey: deliveryKey(daily) } });
    expect(owed).toMatchObject({ status: 'PENDING', attempts: 1, error: expect.stringContaining('451') });
    expect(owed.claimedAt).not.toBeNull();
    expect(
      await matchItems(t.db, {
        subscription: { subscriber: { email: 'ok@example.org' } },
        deliveredAt: null,
        deliveryId: owed.id,
      }),
    ).toHaveLength(9);

    reply = undefined;
    expect(await deliver(deps, daily)).toMatchObject({ status: 'sent', items: 9 });
    expect(smtp.messages).toHaveLength(1);
    // The same job again (a retry after the commit): recognised, not resent.
    expect(await deliver(deps, daily)).toMatchObject({ status: 'already-sent' });
    // The next run has nothing new for this subscriber: no empty digest.
    expect(await deliver(deps, await job('ok@example.org', 'r2'))).toEqual({ status: 'nothing-to-send' });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.parsed.messageId).toBe(
      `<${(await t.db.delivery.findUniqueOrThrow({ where: { dedupeKey: deliveryKey(daily) } })).id}@alerts.test>`,
    );
  });

  it('suppresses the address on a 5xx and stops: nothing more is sent to it', async () => {
    reply = { code: 550, message: '5.1.1 No such user' };
    const bounced = await job('bounce@example.org', 'r1');
    const error = await deliver(deps, bounced).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SEND_PERMANENT', permanent: true });
    expect(await t.db.suppression.findUnique({ where: { email: 'bounce@example.org' } })).toMatchObject({
      reason: 'SMTP_PERMANENT',
    });
    expect(await t.db.delivery.findUniqueOrThrow({ where: { dedupeKey: deliveryKey(bounced) } })).toMatchObject({
      status: 'SUPPRESSED',
    });
    reply = undefined;
    expect(await deliver(deps, await job('bounce@example.org', 'r2'))).toEqual({
      status: 'skipped',
      reason: 'address is suppressed',
    });
    expect(smtp.messages.filter((m) => m.envelope.to[0] === 'bounce@example.org')).toHaveLength(0);
  });

  it('sends nothing to an unconfirmed subscriber, and after confirming only questions answered after that', async () => {
    expect(await deliver(deps, await job('later@example.org', 'r1'))).toMatchObject({ status: 'skipped' });
    await confirmSubscriber(t.db, await subscriberId('later@example.org'));
    // Confirmed after the sample was ingested: the old questions never become matches for it.
    const indexCache = createSubscriptionIndexCache(t.db);
    await t.db.eventCursor.update({ where: { name: 'matcher' }, data: { position: 0 } });
    await dispatchMatchJobs({
      db: t.db,
      partitions: 1,
      enqueue: async (jobs) => {
        for (const j of jobs) await runMatchJob({ db: t.db, job: j, indexCache });
      },
    });
    expect(await t.db.match.count({ where: { subscription: { subscriber: { email: 'later@example.org' } } } })).toBe(0);
    expect(await deliver(deps, await job('later@example.org', 'r2'))).toEqual({ status: 'nothing-to-send' });
  });
});
