import type { TestDatabase } from '@alerts/db/testing';
import type { TestSmtpServer } from '@alerts/email/testing';
import { oweDeliveries, recordDigestRun } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import { deliverJobs, type Queues } from '@alerts/queue';
import { startRedisServer, type RedisServer } from '@alerts/queue/testing';
import { announcements, byMessageId, difference } from './announcements';
import { startDeployment, type Deployment } from './deployment';
import { waitForLedgerSettled } from './ledger-settled';
import { waitFor, type Role, type RoleProcess } from './role-process';
import { expectedQuestionIds } from './sample-oracle';
import { startSmtpGate, type SmtpGate } from './smtp-gate';

// The database is the ledger (issue #19): each fault of an operator's bad day, with the processes as deployed
// (`npm start -w @alerts/<role>`, the bundled sample ingested by the scheduler's own ticks, a real SMTP server, a
// Redis of the test's own that it can kill and start again empty). Every case asserts the exact announcements per
// alert against the matching evaluator (what a fault-free run sends): none lost, none twice, and a repeated email
// only as the same email (same Message-ID, same content).

const BASE_URL = 'http://alerts.test';
// Queries that each match tens to a few hundred of the bundled sample's 10,709 answers: an email lists at most 1,000
// cards per alert, and a fault case should not spend its time rendering thousands.
const IMMEDIATE_QUERIES = [
  'SEND',
  'dentistry',
  'police',
  'sanctions',
  'climate',
  'prison',
  'asylum',
  'farmers',
  'tax',
  'hospices',
  'hospital',
  'Ukraine',
  'water',
  'rail',
  '"mental health"',
  'Gaza',
  'flood OR badgers',
  'nuclear',
  'universities',
  'veterans',
  'dentists',
  'carers',
  'immigration department:"Home Office"',
  'Scotland -Wales',
];
const DAILY_QUERIES = ['dementia', 'gambling', 'China', 'libraries'];

interface Alert {
  label: string;
  email: string;
  query: string;
  frequency: 'IMMEDIATE' | 'DAILY';
}

// 12 subscribers with 2 immediate alerts each; every third also has a daily one.
const alerts: Alert[] = Array.from({ length: 12 }, (_, s) => [
  ...[0, 1].map((k) => ({
    label: `a${s}-${k}`,
    email: `person${s}@example.org`,
    query: IMMEDIATE_QUERIES[(s * 2 + k) % IMMEDIATE_QUERIES.length]!,
    frequency: 'IMMEDIATE' as const,
  })),
  ...(s % 3 === 0
    ? [{ label: `d${s}`, email: `person${s}@example.org`, query: DAILY_QUERIES[s / 3]!, frequency: 'DAILY' as const }]
    : []),
]).flat();

const expected = (frequency: Alert['frequency']) =>
  alerts
    .filter((a) => a.frequency === frequency)
    .flatMap((a) => expectedQuestionIds(a.query).map((id) => `${a.label}:${id}`))
    .sort();

const ENV = {
  PUBLIC_BASE_URL: BASE_URL,
  MAX_CARDS_PER_ALERT: '1000',
  EMAIL_HTML_BUDGET_BYTES: '100000000', // every match is read back from the emails
  MATCH_PARTITIONS: '4',
  // The scheduler ingests every 3 s (one job per minute's slot) and reconciles every 2 s; digests are ticked by hand.
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
};

describe('the database is the ledger: faults with the processes as deployed', () => {
  let redis: RedisServer;
  let gate: SmtpGate | undefined;
  let deployment: Deployment;
  let smtp: TestSmtpServer;
  let t: TestDatabase;
  let queues: Queues;
  const start = (role: Role, name?: string): RoleProcess => deployment.start(role, name);
  const startAll = async (roles: [Role, string?][]) => {
    const started = roles.map(([role, name]) => start(role, name));
    await Promise.all(started.map((p) => p.started));
    return started;
  };

  async function deploy(env: Record<string, string> = {}, options: { gated?: boolean } = {}) {
    redis = await startRedisServer();
    deployment = await startDeployment({
      area: 'faults',
      env: { ...ENV, ...env },
      redisUrl: redis.url,
      // The mailer sends through a gate in front of the SMTP server, which the test can shut (connections refused).
      ...(options.gated
        ? { smtpUrl: async (server: TestSmtpServer) => (gate = await startSmtpGate(server.port)).url }
        : {}),
    });
    ({ smtp, t, queues } = deployment);
    for (const a of alerts)
      await addSubscription(t.db, {
        email: a.email,
        query: a.query,
        label: a.label,
        frequency: a.frequency,
        confirmed: true,
        now: new Date(Date.now() - 60_000),
      });
  }

  afterEach(async () => {
    await deployment?.close();
    await gate?.stop();
    gate = undefined;
    await redis?.stop();
  }, 60_000);

  /** Kill Redis (everything queued is gone, as after a restart without persistence) and start it again, empty. */
  async function restartRedisEmpty() {
    await redis.kill();
    await redis.start();
  }

  /** Wait for every expected announcement (or the timeout), then until nothing is owed (so any duplicate is in). */
  async function settle(wantCount: number, timeoutMs: number, count: () => number) {
    await waitFor(async () => (count() >= wantCount ? true : undefined), {
      timeoutMs,
      intervalMs: 500,
      describe: () => `${count()} of ${wantCount}`,
    }).catch(() => {});
    await waitForLedgerSettled(t.db, { timeoutMs: 60_000, queues });
    await smtp.settled();
  }

  /** The announcements of the alert emails (unique by Message-ID), and the duplicates that arrived. */
  function alertMail() {
    const alertMessages = smtp.messages.filter((m) => !/^Confirm/i.test(String(m.parsed.subject)));
    const { unique, resent } = byMessageId(alertMessages, BASE_URL);
    return { got: announcements(unique, BASE_URL), resent, all: announcements(alertMessages, BASE_URL) };
  }

  async function expectEveryImmediateOnce(timeoutMs: number) {
    const want = expected('IMMEDIATE');
    expect(want.length).toBeGreaterThan(150);
    await settle(want.length, timeoutMs, () => alertMail().all.length);
    const { got, resent } = alertMail();
    expect(difference(want, got)).toEqual({ missing: [], extra: [] });
    expect(resent.filter((r) => !r.sameContent)).toEqual([]);
    return resent;
  }

  it('Redis restarted empty while match jobs are queued: every answer still announced once', async () => {
    await deploy();
    // Ingest and dispatch, with no matcher running: the match jobs wait in Redis.
    await startAll([['scheduler'], ['ingester']]);
    const waitingMatchJobs = async () => {
      const counts = await Promise.all(queues.matchQueues().map((q) => q.getJobCounts('waiting')));
      return counts.reduce((sum, c) => sum + (c.waiting ?? 0), 0);
    };
    await waitFor(async () => ((await waitingMatchJobs()) >= 4 ? true : undefined), {
      timeoutMs: 60_000,
      describe: () => 'no match jobs queued',
    });
    expect(await t.db.matchWork.count()).toBe(4);
    await restartRedisEmpty();
    expect(await waitingMatchJobs()).toBe(0);

    await startAll([['matcher', 'matcher-1'], ['matcher', 'matcher-2'], ['mailer']]);
    await expectEveryImmediateOnce(120_000);
    expect(await t.db.matchWork.count()).toBe(0);
  }, 240_000);

  it('Redis restarted empty while delivery, digest and confirmation jobs are queued: all sent once, the digest the same day', async () => {
    await deploy();
    await startAll([['scheduler'], ['ingester'], ['matcher']]);
    // Five sign-ups, each owed a confirmation, as the web app records them.
    for (let i = 0; i < 5; i++) {
      const { subscriber, subscription } = await addSubscription(t.db, {
        email: `newcomer${i}@example.org`,
        query: 'schools',
        frequency: 'DAILY',
      });
      await oweDeliveries({ db: t.db, queue: queues }, [deliverJobs.confirmation(subscriber.id, subscription.id)]);
    }
    // Matching finishes with no mailer running: the immediate deliveries are owed, their jobs queued.
    await waitFor(
      async () => ((await t.db.matchWork.count()) === 0 && (await t.db.match.count()) > 0 ? true : undefined),
      { timeoutMs: 90_000, describe: () => 'matching did not finish' },
    );
    // The scheduler's daily tick, as it runs it: the run recorded, then its job queued (no mailer to fan it out).
    await recordDigestRun(t.db, { frequency: 'DAILY', runKey: '2026-12-04', leaseMs: 4_000 });
    await queues.enqueueDigest({ frequency: 'DAILY', runKey: '2026-12-04', dispatch: 0 });
    const queued = await queues.deliver.getJobCounts('waiting');
    expect(queued.waiting ?? 0).toBeGreaterThan(5);
    await restartRedisEmpty();

    await startAll([['mailer']]);
    const wantDaily = expected('DAILY');
    const want = [...expected('IMMEDIATE'), ...wantDaily].sort();
    await settle(want.length, 120_000, () => alertMail().all.length);
    const { got, resent } = alertMail();
    expect(difference(want, got)).toEqual({ missing: [], extra: [] });
    expect(resent.filter((r) => !r.sameContent)).toEqual([]);
    const confirmations = smtp.messages
      .filter((m) => /^Confirm/i.test(String(m.parsed.subject)))
      .map((m) => m.envelope.to[0])
      .sort();
    expect(confirmations).toEqual([0, 1, 2, 3, 4].map((i) => `newcomer${i}@example.org`));
  }, 240_000);

  it('SMTP refusing connections for longer than any job lives, then back: every answer announced once, nothing given up', async () => {
    await deploy({}, { gated: true });
    await gate!.close();
    await startAll([['scheduler'], ['ingester'], ['matcher'], ['mailer']]);
    // Down long enough that every immediate delivery failed several times, each attempt a job that ended.
    await waitFor(
      async () => {
        // (A subscriber's other immediate deliveries of the batch found their matches claimed and were SKIPPED.)
        const owed = await t.db.delivery.findMany({
          where: { kind: 'IMMEDIATE', status: { not: 'SKIPPED' } },
          select: { attempts: true, status: true },
        });
        return owed.length >= 12 && owed.every((d) => d.attempts >= 4 && d.status === 'PENDING') ? true : undefined;
      },
      {
        timeoutMs: 120_000,
        intervalMs: 1_000,
        describe: async () => JSON.stringify(await t.db.delivery.groupBy({ by: ['status', 'attempts'], _count: true })),
      },
    );
    expect(smtp.messages).toHaveLength(0);
    await gate!.open();
    await expectEveryImmediateOnce(120_000);
    expect(await t.db.delivery.count({ where: { status: { in: ['FAILED', 'PENDING'] }, kind: 'IMMEDIATE' } })).toBe(0);
  }, 300_000);

  it('the mailer SIGKILLed three times while sending: none lost, a repeat only as the same email', async () => {
    // A slow send rate, so each kill lands mid-run.
    await deploy({ MAILER_RATE_PER_SECOND: '15' });
    await startAll([['scheduler'], ['ingester'], ['matcher']]);
    await waitFor(
      async () =>
        (await t.db.matchWork.count()) === 0 && (await t.db.delivery.count({ where: { kind: 'IMMEDIATE' } })) >= 12
          ? true
          : undefined,
      {
        timeoutMs: 90_000,
        describe: () => 'matching did not finish',
      },
    );
    let kills = 0;
    for (let round = 0; round < 3; round++) {
      const before = smtp.messages.length;
      const [mailer] = await startAll([['mailer', `mailer-${round}`]]);
      await waitFor(async () => (smtp.messages.length >= before + 3 ? true : undefined), {
        timeoutMs: 60_000,
        intervalMs: 20,
        describe: () => 'no email sent',
      }).catch(() => {});
      mailer!.signal('SIGKILL');
      await mailer!.exited;
      kills++;
    }
    await startAll([['mailer', 'mailer-last']]);
    const resent = await expectEveryImmediateOnce(180_000);
    expect(kills).toBe(3);
    // Reported, not asserted: a kill within milliseconds of the server's acceptance resends the same email.
    if (resent.length)
      console.info(
        `mailer kills: ${resent.length} email(s) arrived twice, each resent under its own first Message-ID with the same content`,
      );
  }, 300_000);
});
