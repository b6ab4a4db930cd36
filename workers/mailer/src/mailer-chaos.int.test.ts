import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { startTestSmtpServer, type TestSmtpServer } from '@alerts/email/testing';
import { ingest } from '@alerts/ingest';
import { createSubscriptionIndexCache, planDeliveries, reconcile } from '@alerts/delivery';
import { dispatchMatchJobs, runMatchJob } from '@alerts/match-work';
import { addSubscription } from '@alerts/subscriptions';
import { createQueues, createRedis, deliverJobs, type Queues } from '@alerts/queue';
import { createSampleSource } from '@alerts/sources';
import type { Redis } from 'ioredis';

// A mailer in a child process, killed with SIGKILL at random moments over 20 rounds, while the SMTP server answers
// 451 to a share of deliveries. After a final restart every due email must arrive. SMTP cannot be exactly-once (a
// kill between the server's acceptance and our commit resends one message), so duplicates are counted and reported.
const ROOT = path.join(__dirname, '..', '..', '..');
const MAIN = path.join(__dirname, 'main.ts');
const ROUNDS = 20;
const SUBSCRIBERS = 150;
const CONCURRENCY = 3;
const QUERIES = [
  'schools',
  'health',
  'department:"Home Office"',
  'speaker:185',
  'housing',
  'defence',
  'prisons',
  'nuclear',
  'Gaza',
  'energy',
];

let seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
const random = () => {
  // mulberry32: reproducible rounds from the printed seed
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('mailer under SIGKILL and SMTP 4xx', () => {
  const initialSeed = seed;
  let t: TestDatabase;
  let smtp: TestSmtpServer;
  let redis: Redis;
  let queues: Queues;
  let child: ChildProcess | undefined;
  const prefix = `chaos-${randomBytes(4).toString('hex')}`;
  let refused = 0;

  beforeAll(async () => {
    t = await createTestDatabase();
    smtp = await startTestSmtpServer({
      // The server takes a message when it is whole and replies at once, as an MTA replies once it has queued it;
      // parsing it first would add the test server's own parse time to the window measured here.
      replyBeforeParsing: true,
      respond: () => {
        if (random() < 0.25) {
          refused++;
          return { code: 451, message: '4.7.1 Try again later' };
        }
        return undefined;
      },
    });
    redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    // Short backoff so retries happen within the test; the policy is otherwise the production one.
    queues = createQueues({
      connection: redis,
      prefix,
      jobOptions: { attempts: 12, backoff: { type: 'exponential', delay: 200 } },
    });
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    for (const q of queues?.all ?? []) await q.obliterate({ force: true }).catch(() => {});
    await queues?.close();
    await redis?.quit();
    await smtp?.close();
    await t?.drop();
  });

  function startMailer(): Promise<ChildProcess> {
    const proc = spawn(process.execPath, ['--require', 'tsx/cjs', MAIN], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        SMTP_URL: smtp.url,
        QUEUE_PREFIX: prefix,
        MAILER_CONCURRENCY: String(CONCURRENCY),
        MAILER_RATE_PER_SECOND: '15',
        MAILER_LOCK_MS: '1500',
        // A 451 leaves the delivery owed; the ledger retries it a second later (the test plays the reconciler).
        DELIVERY_RETRY_FIRST_SECONDS: '1',
        DELIVERY_RETRY_MAX_SECONDS: '1',
        LOG_LEVEL: 'info',
        PUBLIC_BASE_URL: 'http://alerts.test',
        TOKEN_SECRET: 'chaos-secret-chaos-secret-chaos-secret',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Promise((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('mailer started')) resolve(proc);
      });
      proc.once('exit', (code) => reject(new Error(`mailer exited early with ${code}`)));
    });
  }

  async function pending(): Promise<number> {
    const counts = await queues.deliver.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  it('delivers every due email after 20 random kills, and reports duplicates', async () => {
    for (let i = 0; i < SUBSCRIBERS; i++) {
      await addSubscription(t.db, {
        email: `reader${i}@example.org`,
        query: QUERIES[i % QUERIES.length]!,
        frequency: 'DAILY',
        confirmed: true,
        now: new Date(Date.now() - 60_000),
      });
    }
    await ingest({ db: t.db, source: createSampleSource() });
    const indexCache = createSubscriptionIndexCache(t.db);
    const jobs: Parameters<typeof runMatchJob>[0]['job'][] = [];
    await dispatchMatchJobs({ db: t.db, partitions: 2, enqueue: async (batch) => void jobs.push(...batch) });
    for (const job of jobs) await runMatchJob({ db: t.db, job, indexCache });
    const due = (
      await t.db.$queryRaw<
        { email: string }[]
      >`SELECT DISTINCT r.email FROM "Match" m JOIN "Subscription" s ON s.id = m."subscriptionId" JOIN "Subscriber" r ON r.id = s."subscriberId"`
    )
      .map((r) => r.email)
      .sort();
    expect(due.length).toBeGreaterThan(100);
    const subscribers = await t.db.subscriber.findMany({ where: { email: { in: due } }, select: { id: true } });
    // Planned as a digest run plans them: one owed Delivery row each, then one job each.
    await queues.enqueueDeliveries(
      await planDeliveries(
        t.db,
        subscribers.map((s) => deliverJobs.digest(s.id, 'DAILY', 'chaos')),
      ),
    );

    let killedWithWorkLeft = 0;
    const killedAt: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      child = await startMailer();
      await new Promise((resolve) => setTimeout(resolve, 150 + random() * 900));
      if ((await pending()) > 0) killedWithWorkLeft++;
      killedAt.push(Date.now());
      child.kill('SIGKILL');
      await new Promise((resolve) => child!.once('exit', resolve));
      child = undefined;
    }

    child = await startMailer();
    const deadline = Date.now() + 180_000;
    // Until nothing is queued and nothing is owed: the reconciler's ticks (the ingester runs them when deployed) hand
    // out again what a 451 deferred or a kill left behind.
    const owed = () => t.db.delivery.count({ where: { status: 'PENDING' } });
    while (((await pending()) > 0 || (await owed()) > 0) && Date.now() < deadline) {
      await reconcile({ db: t.db, queues, sweepGraceMs: 60_000, leaseMs: 2_000, giveUpAfterMs: 3600_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
    child = undefined;

    await smtp.settled();
    const received = smtp.messages.map((m) => m.envelope.to[0]!);
    const perRecipient = new Map<string, number>();
    for (const to of received) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    const duplicates = [...perRecipient.values()].reduce((sum, n) => sum + n - 1, 0);
    // For each duplicate, the kill nearest to the server's first copy and how long after that copy it came: the
    // window that kill hit. Negative when this (busy) test process noticed the message only after sending the kill.
    const firstCopies = new Map<string, number>();
    const windowsMs: number[] = [];
    for (const m of smtp.messages) {
      const to = m.envelope.to[0]!;
      const first = firstCopies.get(to);
      if (first === undefined) firstCopies.set(to, m.receivedAt.getTime());
      else
        windowsMs.push(
          killedAt.reduce((best, at) => (Math.abs(at - first) < Math.abs(best) ? at - first : best), Infinity),
        );
    }
    const report = {
      seed: initialSeed,
      rounds: ROUNDS,
      killedWithWorkLeft,
      due: due.length,
      received: received.length,
      distinct: perRecipient.size,
      duplicates,
      duplicateWindowsMs: windowsMs,
      refused451: refused,
    };
    mkdirSync(path.join(ROOT, 'artifacts'), { recursive: true });
    writeFileSync(path.join(ROOT, 'artifacts', 'mailer-chaos.json'), JSON.stringify(report, null, 2));
    console.log(`mailer chaos: ${JSON.stringify(report)}`);

    expect(killedWithWorkLeft).toBeGreaterThanOrEqual(ROUNDS / 2); // the kills really interrupted work
    expect(refused).toBeGreaterThan(0);
    expect([...perRecipient.keys()].sort()).toEqual(due);
    expect(await t.db.delivery.count({ where: { status: 'SENT' } })).toBe(due.length);
    expect(await t.db.match.count({ where: { deliveredAt: null } })).toBe(0);
    // A duplicate needs a kill between the server's acceptance and our commit, so each kill can cause at most one
    // per message in flight (the concurrency). The count itself is the figure to watch: reported above and in
    // artifacts/mailer-chaos.json with the window each duplicate fell in (most runs 0; 3 over 7 runs here).
    expect(duplicates).toBeLessThanOrEqual(ROUNDS * CONCURRENCY);
  }, 400_000);
});
