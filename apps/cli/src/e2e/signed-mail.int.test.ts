import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dkimpyAvailable, dkimSignedHeaders, verifyDkimWithDkimpy, type ReceivedMessage } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { createSubscriptionIndexCache, findFollowNotices, planDeliveries } from '@alerts/delivery';
import { dispatchMatchJobs, runMatchJob } from '@alerts/match-work';
import { addSubscription, followQuestion } from '@alerts/subscriptions';
import { deliverJobs, type DeliverJob } from '@alerts/queue';
import { createSampleSource, type QuestionSource } from '@alerts/sources';
import { questionLifecycle } from '@alerts/sources/testing';
import { startDeployment, type Deployment } from './deployment';

// Every kind of email the system sends, sent by the mailer as deployed (its own process, NODE_ENV=production, DKIM
// from DKIM_* variables, through its sender thread to a real SMTP server), each signature then checked by dkimpy:
// an independent implementation, not our signer checking itself.

const DOMAIN = 'alerts.example.org';
const SELECTOR = 'pa2026';
const OVER_SIGNED = [
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'list-id',
];

const describeWithDkimpy = dkimpyAvailable() ? describe : describe.skip;
if (!dkimpyAvailable()) {
  process.stderr.write(
    'signed-mail.int.test.ts: SKIPPED, dkimpy is missing (apt-get install python3-dkim; .ci/run installs it)\n',
  );
}

/** The Feedback-ID header: mailparser gives unstructured headers as strings. */
function feedbackId(message: ReceivedMessage): string {
  const value = message.parsed.headers.get('feedback-id');
  if (typeof value !== 'string') throw new Error(`Feedback-ID is ${JSON.stringify(value)}, not a string`);
  return value;
}

describeWithDkimpy('every email the mailer sends in production is DKIM-signed and verifies with dkimpy', () => {
  let deployment: Deployment;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    domain: DOMAIN,
    selector: SELECTOR,
  };

  beforeEach(async () => {
    const keyFile = path.join(mkdtempSync(path.join(tmpdir(), 'dkim-')), 'dkim.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    deployment = await startDeployment({
      area: 'signed-mail',
      env: {
        NODE_ENV: 'production',
        TOKEN_SECRET: 'signed-mail-test-secret-0123456789abcdef',
        PUBLIC_BASE_URL: `https://${DOMAIN}`,
        MAIL_FROM_ADDRESS: `alerts@${DOMAIN}`,
        MESSAGE_ID_DOMAIN: DOMAIN,
        MAIL_ENVELOPE_FROM: `bounces+{recipient}@${DOMAIN}`,
        UNSUBSCRIBE_MAILTO: `unsubscribe@${DOMAIN}`,
        DKIM_DOMAIN: DOMAIN,
        DKIM_SELECTOR: SELECTOR,
        DKIM_PRIVATE_KEY_FILE: keyFile,
      },
    });
  }, 60_000);

  afterEach(async () => {
    await deployment?.close();
  }, 60_000);

  /** The jobs for one email of each kind, from real state: subscriptions, ingested questions, their matches, a follow. */
  async function oneJobOfEachKind(): Promise<DeliverJob[]> {
    const db = deployment.t.db;
    const earlier = new Date(Date.now() - 60_000);
    const immediate = await addSubscription(db, {
      email: 'immediate@example.com',
      query: 'Gaza',
      frequency: 'IMMEDIATE',
      confirmed: true,
      now: earlier,
    });
    const daily = await addSubscription(db, {
      email: 'daily@example.com',
      query: 'Gaza',
      frequency: 'DAILY',
      confirmed: true,
      now: earlier,
    });
    const weekly = await addSubscription(db, {
      email: 'weekly@example.com',
      query: 'Gaza',
      frequency: 'WEEKLY',
      confirmed: true,
      now: earlier,
    });
    const pending = await addSubscription(db, {
      email: 'pending@example.com',
      query: 'Gaza',
      frequency: 'DAILY',
      confirmed: false,
    });
    await ingest({ db, source: createSampleSource() });
    const indexCache = createSubscriptionIndexCache(db);
    const found: { subscriberId: string; newestMatchId: string }[] = [];
    await dispatchMatchJobs({
      db,
      partitions: 1,
      enqueue: async (jobs) => {
        for (const job of jobs) found.push(...(await runMatchJob({ db, job, indexCache })).immediate);
      },
    });
    const announce = found.find((i) => i.subscriberId === immediate.subscriber.id);
    if (!announce) throw new Error('the sample gave the immediate alert no match');

    // A follow of a question that moves after the follow was confirmed: one follow notice.
    const life = questionLifecycle(1937695);
    const store = (record: unknown) => {
      const source: QuestionSource = {
        name: 'test',
        fetch: async function* () {
          yield { kind: 'record' as const, record };
        },
        knownMembers: async () => [],
      };
      return ingest({ db, source });
    };
    await store(life.tabled);
    const { subscriber: follower, follow } = await followQuestion(db, {
      email: 'follower@example.com',
      questionId: 1937695,
      confirmed: true,
    });
    await store(life.holding('2026-09-07'));
    const [notice] = await findFollowNotices(db);
    if (!notice) throw new Error('no follow notice found');

    return [
      deliverJobs.confirmation(pending.subscriber.id, pending.subscription.id),
      deliverJobs.immediate(announce.subscriberId, announce.newestMatchId),
      deliverJobs.digest(daily.subscriber.id, 'DAILY', '2026-12-04'),
      deliverJobs.digest(weekly.subscriber.id, 'WEEKLY', '2026-W49'),
      deliverJobs.follow(follower.id, follow.id, notice.eventId),
      // A goodbye names no address: its row takes the subscriber's (planGoodbye gives it apart for one already deleted).
      deliverJobs.goodbye(weekly.subscriber.id),
    ];
  }

  it('confirmation, immediate, daily and weekly digest, follow notice and goodbye: each signature verifies, List-Unsubscribe included, headers over-signed', async () => {
    const jobs = await oneJobOfEachKind();
    // Owed as the system owes them (one PENDING Delivery row each), then one job each.
    await deployment.queues.enqueueDeliveries(await planDeliveries(deployment.t.db, jobs));
    const mailer = deployment.start('mailer');
    await mailer.started;
    const messages: ReceivedMessage[] = await deployment.smtp.waitForMessages(jobs.length);

    const kinds = messages.map((m) => feedbackId(m).split(':')[0]).sort();
    expect(kinds).toEqual(['confirmation', 'digest-daily', 'digest-weekly', 'follow', 'goodbye', 'immediate']);
    for (const message of messages) {
      const kind = feedbackId(message);
      expect({ kind, ...verifyDkimWithDkimpy(message.raw, key) }).toEqual({ kind, ok: true, detail: 'PASS' });
      const h = dkimSignedHeaders(message.raw)!;
      for (const name of OVER_SIGNED)
        expect({ kind, name, times: h.filter((entry) => entry === name).length }).toEqual({ kind, name, times: 2 });
      expect(message.raw).toMatch(
        new RegExp(
          `^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${DOMAIN.replace(/\./g, '\\.')};\\s+q=dns/txt; s=${SELECTOR};`,
        ),
      );
      expect(message.raw).toMatch(/^List-Id: "Parliament Alerts" <alerts\.alerts\.example\.org>\r$/m);
      expect(kind).toMatch(new RegExp(`^[a-z-]+:alerts\\.${DOMAIN.replace(/\./g, '\\.')}$`));
      expect(message.envelope.from).toMatch(
        new RegExp(`^bounces\\+[^@]+=example\\.com@${DOMAIN.replace(/\./g, '\\.')}$`),
      );
    }
  }, 120_000);
});
