import { createTestDatabase, matchItems, type TestDatabase } from '@alerts/db/testing';
import { createSmtpTransport } from '@alerts/email';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { createSampleSource } from '@alerts/sources';
import { Webhook } from 'standardwebhooks';
import { deliverPlanned } from '@alerts/delivery';
import { dispatchMatchJobs } from '../dispatch-match-jobs';
import { matchAndPlan } from '../match-and-plan';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { findUnannouncedImmediate } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import { createTestDeliverDeps, startWebhookReceiver, type WebhookReceiver } from '@alerts/delivery/testing';
import { enableWebhook } from '@alerts/delivery';

// A webhook alert, beside an email alert of the same subscriber, through the real pipeline functions: the matches
// of each go to its own channel; a POST is signed so the Standard Webhooks reference library verifies it; a failing
// receiver gets the same message again (same webhook-id, same questions); one failing for too long is disabled, its
// subscriber emailed, and enabling it sends what was given up.

let t: TestDatabase;
let smtp: TestSmtpServer;
let receiver: WebhookReceiver;
let secret: string;
let webhookAlertId: string;

const allowHosts = new Set(['127.0.0.1']);
const depsWith = (disableAfterMs: number) =>
  createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport: createSmtpTransport({ smtpUrl: smtp.url }),
    config: { webhooks: { allowHosts, timeoutMs: 5_000, disableAfterMs } },
  });

beforeEach(async () => {
  t = await createTestDatabase();
  smtp = await startTestSmtpServer();
  receiver = await startWebhookReceiver();
  const earlier = new Date(Date.now() - 60_000);
  await addSubscription(t.db, {
    email: 'both@example.org',
    query: 'Gaza',
    frequency: 'IMMEDIATE',
    confirmed: true,
    now: earlier,
  });
  const added = await addSubscription(t.db, {
    email: 'both@example.org',
    query: 'schools',
    confirmed: true,
    now: earlier,
    webhook: { url: receiver.url, allowHosts },
  });
  secret = added.webhookSecret!;
  webhookAlertId = added.subscription.id;
  expect(added.subscription).toMatchObject({ channel: 'WEBHOOK', frequency: 'IMMEDIATE' });
  await ingest({ db: t.db, source: createSampleSource() });
});

afterEach(async () => {
  await receiver.close();
  await smtp.close();
  await t.drop();
});

async function matchOnce() {
  const [job] = await dispatchMatchJobs({ db: t.db, partitions: 1, enqueue: async () => {} });
  return (await matchAndPlan({ db: t.db, indexCache: createSubscriptionIndexCache(t.db), leaseMs: 60_000 }, job!))
    .deliveries;
}

const questionsOf = (body: string) =>
  (JSON.parse(body) as { data: { questions: { id: number }[] } }).data.questions.map((q) => q.id).sort((a, b) => a - b);
const matchedIds = async (subscriptionId: string) =>
  (await matchItems(t.db, { subscriptionId })).map((m) => m.questionId).sort((a, b) => a - b);

it("posts the webhook alert's matches, signed, and leaves them out of the email", async () => {
  const deps = await depsWith(3_600_000);
  try {
    const deliveries = await matchOnce();
    const rows = await t.db.delivery.findMany({ where: { id: { in: deliveries.map((d) => d.deliveryId) } } });
    expect(rows.map((r) => r.kind).sort()).toEqual(['IMMEDIATE', 'WEBHOOK']);
    for (const row of rows) expect(await deliverPlanned(deps, row.id)).toMatchObject({ status: 'sent' });

    expect(receiver.posts).toHaveLength(1);
    const [post] = receiver.posts;
    const payload = new Webhook(secret).verify(post!.body, post!.headers) as {
      type: string;
      data: { alert: { query: string }; questions: { url: string; state: string; heading: string }[] };
    };
    expect(payload.type).toBe('alert.matched');
    expect(payload.data.alert.query).toBe('schools');
    const expected = await matchedIds(webhookAlertId);
    expect(expected.length).toBeGreaterThan(5);
    expect(questionsOf(post!.body)).toEqual(expected);
    expect(payload.data.questions[0]).toMatchObject({
      url: expect.stringMatching(/^http:\/\/alerts\.test\/questions\/\d+$/),
      state: expect.any(String),
      heading: expect.any(String),
    });
    const webhookRow = rows.find((r) => r.kind === 'WEBHOOK')!;
    expect(post!.headers['webhook-id']).toBe(webhookRow.id);

    // The email carries the email alert alone: one email, and every match is carried by its own channel's delivery.
    expect(smtp.messages).toHaveLength(1);
    const delivered = await t.db.match.findMany({
      where: { subscription: { subscriber: { email: 'both@example.org' } } },
    });
    expect(delivered.every((m) => m.deliveredAt !== null)).toBe(true);
    expect(new Set(delivered.filter((m) => m.subscriptionId === webhookAlertId).map((m) => m.deliveryId))).toEqual(
      new Set([webhookRow.id]),
    );
    expect(
      delivered.filter((m) => m.subscriptionId !== webhookAlertId).every((m) => m.deliveryId !== webhookRow.id),
    ).toBe(true);
    // Nothing left over for the sweep.
    expect(await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 3_600_000) })).toEqual([]);
  } finally {
    await deps.close();
  }
});

it('a receiver that answers 500 gets the same message again (same webhook-id, same questions) once it recovers', async () => {
  const deps = await depsWith(3_600_000);
  try {
    await matchOnce();
    const row = await t.db.delivery.findFirstOrThrow({ where: { kind: 'WEBHOOK' } });
    receiver.answer = 500;
    expect(await deliverPlanned(deps, row.id)).toMatchObject({
      status: 'deferred',
      error: expect.stringMatching(/HTTP 500/),
    });
    expect(await t.db.webhook.findUniqueOrThrow({ where: { subscriptionId: webhookAlertId } })).toMatchObject({
      failingSince: expect.any(Date),
      disabledAt: null,
    });
    expect(await t.db.match.count({ where: { subscriptionId: webhookAlertId, deliveredAt: { not: null } } })).toBe(0);

    receiver.answer = 200;
    expect(await deliverPlanned(deps, row.id)).toMatchObject({ status: 'sent' });
    expect(await deliverPlanned(deps, row.id)).toMatchObject({ status: 'already-sent' });
    expect(receiver.posts.map((p) => p.status)).toEqual([500, 200]);
    const [failed, ok] = receiver.posts;
    expect(ok!.headers['webhook-id']).toBe(failed!.headers['webhook-id']);
    expect(questionsOf(ok!.body)).toEqual(questionsOf(failed!.body));
    expect(questionsOf(ok!.body)).toEqual(await matchedIds(webhookAlertId));
    expect(await t.db.webhook.findUniqueOrThrow({ where: { subscriptionId: webhookAlertId } })).toMatchObject({
      failingSince: null,
      lastError: null,
    });
  } finally {
    await deps.close();
  }
});

it('an endpoint failing for too long is disabled, its subscriber emailed; enabling it sends what was given up', async () => {
  const deps = await depsWith(1); // any failure after the first millisecond of failing disables it
  try {
    await matchOnce();
    const row = await t.db.delivery.findFirstOrThrow({ where: { kind: 'WEBHOOK' } });
    receiver.answer = 503;
    expect(await deliverPlanned(deps, row.id)).toMatchObject({ status: 'deferred' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await deliverPlanned(deps, row.id)).toMatchObject({ status: 'gave-up' });
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/webhook disabled/),
    });
    expect(await t.db.webhook.findUniqueOrThrow({ where: { subscriptionId: webhookAlertId } })).toMatchObject({
      disabledAt: expect.any(Date),
    });

    // The notice: planned in the ledger, sent as an email naming the endpoint's host, never its full URL.
    const notice = await t.db.delivery.findFirstOrThrow({ where: { kind: 'WEBHOOK_DISABLED' } });
    expect(await deliverPlanned(deps, notice.id)).toMatchObject({ status: 'sent' });
    const email = smtp.messages.find((m) => /webhook/i.test(String(m.parsed.subject)))!;
    expect(email.envelope.to).toEqual(['both@example.org']);
    expect(email.parsed.text).toContain('127.0.0.1');
    expect(email.parsed.text).toContain('HTTP 503');
    expect(email.raw).not.toContain('/hook');

    // While it is off, the sweep plans nothing for it.
    expect(
      (await findUnannouncedImmediate(t.db, { graceMs: 0, now: new Date(Date.now() + 3_600_000) })).filter(
        (u) => u.webhookAlertId,
      ),
    ).toEqual([]);

    receiver.answer = 200;
    const { enabled, retried } = await enableWebhook(t.db, webhookAlertId);
    expect(enabled).toBe(true);
    expect(retried.map((r) => r.deliveryId)).toEqual([row.id]);
    expect(await deliverPlanned(deps, row.id)).toMatchObject({ status: 'sent' });
    const delivered = receiver.posts.filter((p) => p.status === 200);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.headers['webhook-id']).toBe(row.id);
    expect(questionsOf(delivered[0]!.body)).toEqual(await matchedIds(webhookAlertId));
  } finally {
    await deps.close();
  }
});

it('an address that starts resolving somewhere refused is told to its subscriber in their words, to operators in theirs', async () => {
  // Allowed when it was added; the operator has since taken 127.0.0.1 off WEBHOOK_ALLOW_HOSTS. (The address is made
  // https, as a public address that starts resolving to a private one would be, so the private-address rule is what
  // refuses it, not plain http's.)
  await t.db.webhook.update({
    where: { subscriptionId: webhookAlertId },
    data: { url: receiver.url.replace('http://', 'https://') },
  });
  const deps = await createTestDeliverDeps({
    db: t.db,
    databaseUrl: t.url,
    transport: createSmtpTransport({ smtpUrl: smtp.url }),
    config: { webhooks: { allowHosts: new Set(), timeoutMs: 5_000, disableAfterMs: 3_600_000 } },
  });
  try {
    await matchOnce();
    const row = await t.db.delivery.findFirstOrThrow({ where: { kind: 'WEBHOOK' } });
    expect(await deliverPlanned(deps, row.id)).toMatchObject({ status: 'deferred' });
    expect(receiver.posts).toHaveLength(0);
    const webhook = await t.db.webhook.findUniqueOrThrow({ where: { subscriptionId: webhookAlertId } });
    expect(webhook.lastError).toBe(
      "This address points inside a private network, which we don't post to. Use a public https:// address.",
    );
    expect((await t.db.delivery.findUniqueOrThrow({ where: { id: row.id } })).error).toMatch(/WEBHOOK_ALLOW_HOSTS/);
  } finally {
    await deps.close();
  }
});

it('refuses private, loopback and plain-http endpoints unless allowed, and a webhook alert that is not immediate', async () => {
  for (const url of ['http://hooks.example.org/x', 'https://127.0.0.1/x', 'https://10.0.0.1/x']) {
    await expect(
      addSubscription(t.db, { email: 'x@example.org', query: 'schools', webhook: { url, allowHosts: new Set() } }),
    ).rejects.toMatchObject({ code: 'INVALID_WEBHOOK' });
  }
  await expect(
    addSubscription(t.db, {
      email: 'x@example.org',
      query: 'schools',
      frequency: 'DAILY',
      webhook: { url: receiver.url, allowHosts },
    }),
  ).rejects.toThrow(/immediate/);
  expect(await t.db.subscription.count({ where: { subscriber: { email: 'x@example.org' } } })).toBe(0);
});
