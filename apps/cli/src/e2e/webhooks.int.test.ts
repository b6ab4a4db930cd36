import { addSubscription } from '@alerts/subscriptions';
import { startWebhookReceiver, type WebhookReceiver } from '@alerts/delivery/testing';
import { Webhook } from 'standardwebhooks';
import { difference } from './announcements';
import { startDeployment, type Deployment } from './deployment';
import { waitFor, type Role } from './role-process';
import { expectedQuestionIds } from './sample-oracle';

// Webhooks, the second channel (issue #22), with the processes as deployed (`npm start -w @alerts/<role>`): the
// scheduler ingests the bundled sample, matchers match, the mailer POSTs to a local HTTPS receiver whose certificate
// the processes trust (NODE_EXTRA_CA_CERTS). Every POST is verified with the Standard Webhooks reference library
// (npm `standardwebhooks`), not our own code. The receiver answers 500 for a while, then the mailer is SIGKILLed
// mid-send (the receiver answers slowly) twice: each match still arrives exactly once per webhook-id, and a POST
// repeated under one webhook-id carries the same questions (receivers de-duplicate on it, as the specification says).

const BASE_URL = 'http://alerts.test';
const WEBHOOK_QUERIES = ['dentistry', 'police', 'sanctions', 'climate', 'prison', 'farmers', 'hospices', 'Ukraine'];

const ENV = {
  PUBLIC_BASE_URL: BASE_URL,
  MATCH_PARTITIONS: '2',
  INGEST_CRON: '*/3 * * * * *',
  INGEST_PERIOD_MINUTES: '1',
  RECONCILE_CRON: '*/2 * * * * *',
  DAILY_DIGEST_CRON: '0 0 1 1 *',
  WEEKLY_DIGEST_CRON: '0 0 1 1 *',
  RECONCILE_LEASE_SECONDS: '4',
  IMMEDIATE_SWEEP_GRACE_SECONDS: '1',
  MATCHER_LOCK_MS: '5000',
  MAILER_LOCK_MS: '5000',
  DELIVERY_RETRY_FIRST_SECONDS: '1',
  DELIVERY_RETRY_MAX_SECONDS: '3',
  WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
};

describe('webhooks with the processes as deployed', () => {
  let receiver: WebhookReceiver;
  let deployment: Deployment;

  afterEach(async () => {
    await deployment?.close();
    await receiver?.close();
  }, 60_000);

  it('a failing receiver, then a mailer killed mid-send twice: each match posted once per webhook-id, every POST verified', async () => {
    receiver = await startWebhookReceiver({ tls: true });
    deployment = await startDeployment({
      area: 'webhooks',
      env: { ...ENV, NODE_EXTRA_CA_CERTS: receiver.certificateFile! },
    });
    const { t } = deployment;
    const earlier = new Date(Date.now() - 60_000);
    const alerts = new Map<string, { query: string; secret: string }>();
    for (const [i, query] of WEBHOOK_QUERIES.entries()) {
      const added = await addSubscription(t.db, {
        email: `hook${i}@example.org`,
        query,
        confirmed: true,
        now: earlier,
        webhook: { url: `${receiver.url}?alert=${i}`, allowHosts: new Set(['127.0.0.1']) },
      });
      alerts.set(added.subscription.id, { query, secret: added.webhookSecret! });
    }
    const want = [...alerts].flatMap(([id, a]) => expectedQuestionIds(a.query).map((q) => `${id}:${q}`)).sort();
    expect(want.length).toBeGreaterThan(100);

    // The receiver is down (500) while the pipeline finds the answers.
    receiver.answer = 500;
    const start = (role: Role, name?: string) => deployment.start(role, name);
    const roles = [start('scheduler'), start('ingester'), start('matcher'), start('mailer', 'mailer-0')];
    await Promise.all(roles.map((p) => p.started));
    await waitFor(
      async () => (receiver.posts.filter((p) => p.status === 500).length >= 2 * alerts.size ? true : undefined),
      {
        timeoutMs: 180_000,
        describe: () => `${receiver.posts.length} posts so far`,
      },
    );
    expect(await t.db.webhook.count({ where: { failingSince: { not: null } } })).toBeGreaterThan(0);

    // It recovers, slowly; the mailer is killed mid-POST twice.
    receiver.delayMs = 300;
    receiver.answer = 200;
    let mailer = roles[3]!;
    for (let round = 1; round <= 2; round++) {
      const before = receiver.posts.filter((p) => p.status === 200).length;
      await waitFor(async () => (receiver.posts.filter((p) => p.status === 200).length > before ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 20,
        describe: () => 'no POST answered 200',
      });
      mailer.signal('SIGKILL');
      await mailer.exited;
      mailer = start('mailer', `mailer-${round}`);
      await mailer.started;
    }
    receiver.delayMs = 0;

    // Everything arrives; then a little longer for any repeat.
    const delivered = () => {
      const firstById = new Map<string, string[]>();
      for (const post of receiver.posts.filter((p) => p.status === 200)) {
        const id = post.headers['webhook-id']!;
        const payload = JSON.parse(post.body) as { data: { alert: { id: string }; questions: { id: number }[] } };
        const pairs = payload.data.questions.map((q) => `${payload.data.alert.id}:${q.id}`).sort();
        if (!firstById.has(id)) firstById.set(id, pairs);
      }
      return firstById;
    };
    await waitFor(async () => ([...delivered().values()].flat().length >= want.length ? true : undefined), {
      timeoutMs: 180_000,
      intervalMs: 500,
      describe: () => `${[...delivered().values()].flat().length} of ${want.length} delivered`,
    }).catch(() => {});
    // A mailer killed after the receiver's 200 and before its record leaves that delivery to the reconciler, which
    // sends it again (same webhook-id) once its lease runs out: wait for the ledger, not a fixed time, as a loaded
    // machine may take longer. The assertions below say what was missing if it never settles.
    await waitFor(async () => ((await t.db.match.count({ where: { deliveredAt: null } })) === 0 ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 500,
      describe: () => 'every match recorded delivered',
    }).catch(() => {});

    // Every POST, failed or not, is verified by the reference library with its alert's secret.
    for (const post of receiver.posts) {
      const payload = JSON.parse(post.body) as { data: { alert: { id: string } } };
      const alert = alerts.get(payload.data.alert.id)!;
      expect(() => new Webhook(alert.secret).verify(post.body, post.headers)).not.toThrow();
    }
    // A webhook-id repeated (a retry after a 500, or after a kill between the receiver's 200 and our record) carries
    // the same questions every time.
    const byId = new Map<string, Set<string>>();
    for (const post of receiver.posts) {
      const payload = JSON.parse(post.body) as { data: { alert: { id: string }; questions: { id: number }[] } };
      const pairs = payload.data.questions
        .map((q) => `${payload.data.alert.id}:${q.id}`)
        .sort()
        .join(',');
      byId.set(post.headers['webhook-id']!, (byId.get(post.headers['webhook-id']!) ?? new Set()).add(pairs));
    }
    expect([...byId.values()].filter((variants) => variants.size > 1)).toEqual([]);
    // Once per webhook-id: exactly the matching evaluator's answers, none missing, none in two different messages.
    const got = [...delivered().values()].flat().sort();
    expect(difference(want, got)).toEqual({ missing: [], extra: [] });
    expect(await t.db.match.count({ where: { deliveredAt: null } })).toBe(0);
    const repeats = receiver.posts.filter((p) => p.status === 200).length - delivered().size;
    console.info(
      `webhooks: ${receiver.posts.length} POSTs (${receiver.posts.filter((p) => p.status === 500).length} answered 500), ${delivered().size} messages, ${repeats} repeated after a kill`,
    );
  }, 420_000);
});
