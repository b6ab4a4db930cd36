import fs from 'node:fs';
import type { TestDatabase } from '@alerts/db/testing';
import type { TestSmtpServer } from '@alerts/email/testing';
import { announcements, difference } from './announcements';
import { addSubscription } from '@alerts/subscriptions';
import type { Queues } from '@alerts/queue';
import { expectedQuestionIds } from './sample-oracle';
import { startDeployment, type Deployment } from './deployment';
import { waitForLedgerSettled } from './ledger-settled';
import { waitFor, type Role, type RoleProcess } from './role-process';

// The system as the README tells operators to run it in production: every role its own OS process
// (`npm start -w @alerts/<role>`), two matchers with two of the four partitions each (MATCHER_PARTITIONS), or
// sharing all four, a real SMTP server, the bundled sample
// ingested by the scheduler's own tick. The expected alerts come from the matching package's direct evaluator over
// the same real records; what was announced is read back from the emails' text parts, alert by alert.

const BASE_URL = 'http://alerts.test';

// 16 subscribers with 3 IMMEDIATE alerts each (overlapping queries, so one question often reaches one person under
// several alerts), and every fourth with a DAILY alert too.
const IMMEDIATE_QUERIES = [
  'schools',
  'NHS',
  'police',
  'potholes',
  'climate',
  'prison',
  'asylum',
  'farmers',
  'tax',
  'children',
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
  'fishing',
  'Iran',
  'China',
  'immigration',
  'courts',
  'roads',
  'charities',
  'Scotland',
  'Wales',
  'visa',
  'sanctions',
  'Israel',
  'cancer',
  'SEND',
  'apprenticeships',
  'dementia',
  'gambling',
  'dogs',
  'energy',
  'department:"Home Office"',
  'speaker:185',
  'schools OR children',
  'NHS -dentists',
  '(prison OR courts) -Scotland',
  'water OR sewage',
  'solar OR "heat pumps"',
];
const DAILY_QUERIES = ['dementia', 'pensions', 'tax', 'schools'];

interface Alert {
  label: string;
  email: string;
  query: string;
  frequency: 'IMMEDIATE' | 'DAILY';
}

const alerts: Alert[] = Array.from({ length: 16 }, (_, s) => [
  ...[0, 1, 2].map((k) => ({
    label: `a${s}-${k}`,
    email: `person${s}@example.org`,
    query: IMMEDIATE_QUERIES[(s * 3 + k) % IMMEDIATE_QUERIES.length]!,
    frequency: 'IMMEDIATE' as const,
  })),
  ...(s % 4 === 0
    ? [{ label: `d${s}`, email: `person${s}@example.org`, query: DAILY_QUERIES[s / 4]!, frequency: 'DAILY' as const }]
    : []),
]).flat();

const expected = (frequency: Alert['frequency']) =>
  alerts
    .filter((a) => a.frequency === frequency)
    .flatMap((a) => expectedQuestionIds(a.query).map((id) => `${a.label}:${id}`))
    .sort();

describe('production topology: one OS process per role', () => {
  let deployment: Deployment;
  let smtp: TestSmtpServer;
  let t: TestDatabase;
  let queues: Queues;
  const start = (role: Role, name?: string, env?: Record<string, string>) => deployment.start(role, name, env);

  beforeEach(async () => {
    deployment = await startDeployment({
      area: 'topology',
      env: {
        PUBLIC_BASE_URL: BASE_URL,
        MAX_CARDS_PER_ALERT: '1000',
        EMAIL_HTML_BUDGET_BYTES: '100000000', // every match is read back from the emails
        MATCH_PARTITIONS: '4',
        // Ticks every 3 s; one ingest job per minute's slot. The digests are run by hand below.
        INGEST_CRON: '*/3 * * * * *',
        INGEST_PERIOD_MINUTES: '1',
        DAILY_DIGEST_CRON: '0 0 1 1 *',
        WEEKLY_DIGEST_CRON: '0 0 1 1 *',
        IMMEDIATE_SWEEP_GRACE_SECONDS: '1',
        MATCHER_LOCK_MS: '5000',
      },
    });
    ({ smtp, t, queues } = deployment);
    for (const a of alerts)
      await addSubscription(t.db, {
        email: a.email,
        query: a.query,
        label: a.label,
        frequency: a.frequency,
        confirmed: true,
      });
  }, 60_000);

  afterEach(() => deployment.close(), 60_000);

  /** Wait until every expected IMMEDIATE announcement has arrived, then until nothing is owed (so a duplicate is in). */
  async function immediateAnnouncements(timeoutMs: number) {
    const want = expected('IMMEDIATE');
    await waitFor(async () => (announcements(smtp.messages).length >= want.length ? true : undefined), {
      timeoutMs,
      intervalMs: 500,
      describe: () => JSON.stringify(difference(want, announcements(smtp.messages)).missing.slice(0, 20)),
    }).catch(() => {}); // the assertion below reports what is missing
    await waitForLedgerSettled(t.db, { timeoutMs: 60_000, queues });
    await smtp.settled();
    return { want, got: announcements(smtp.messages) };
  }

  it('announces every matched answer exactly once, immediate and daily, each matcher running only its partitions', async () => {
    const matchers = [
      start('matcher', 'matcher-1', { MATCHER_PARTITIONS: '0,1' }),
      start('matcher', 'matcher-2', { MATCHER_PARTITIONS: '2-3' }),
    ];
    // Whose connections PostgreSQL serves while they work, by the name each worker's pools give them: idle ones
    // close after a while, so the names are gathered throughout rather than read once.
    const connectionNames = new Set<string>();
    const sampling = setInterval(() => {
      void t.db
        .$queryRawUnsafe<{ name: string }[]>(
          `SELECT DISTINCT application_name AS name FROM pg_stat_activity WHERE datname = current_database()`,
        )
        .then((rows) => rows.forEach((row) => connectionNames.add(row.name)))
        .catch(() => {});
    }, 100);
    const { want, got } = await (async () => {
      try {
        const roles = [start('mailer'), ...matchers, start('ingester')];
        await Promise.all(roles.map((p) => p.started));
        await start('scheduler').started;
        return await immediateAnnouncements(90_000);
      } finally {
        clearInterval(sampling);
      }
    })();
    expect([...connectionNames].filter((name) => name.startsWith('alerts')).sort()).toEqual([
      'alerts-ingester',
      'alerts-mailer',
      'alerts-mailer-locks',
      'alerts-mailer-sender',
      'alerts-matcher',
      'alerts-scheduler',
    ]);
    expect(want.length).toBeGreaterThan(300);
    expect(difference(want, got)).toEqual({ missing: [], extra: [] });
    // Never an empty email, and at most one immediate email per subscriber per batch (event range): all of one
    // person's alerts are matched by one partition's job, which plans one email for them.
    for (const message of smtp.messages) expect(announcements([message]).length).toBeGreaterThan(0);
    const sent = await t.db.delivery.findMany({
      where: { kind: 'IMMEDIATE', status: 'SENT' },
      select: { subscriberId: true, job: true },
    });
    expect(sent.length).toBe(smtp.messages.length);
    // Each email names the batch (event range) whose matches it carries.
    const batchOf = (job: unknown) =>
      /^(e\d+-\d+)\.p\d+of\d+$/.exec((job as { runKey: string }).runKey)?.[1] ?? 'no batch';
    const batches = new Set(sent.map((d) => batchOf(d.job)));
    expect(batches.has('no batch')).toBe(false);
    const emailsPerSubscriber = new Map<string | null, number>();
    for (const d of sent) emailsPerSubscriber.set(d.subscriberId, (emailsPerSubscriber.get(d.subscriberId) ?? 0) + 1);
    expect(emailsPerSubscriber.size).toBe(16);
    expect(Math.max(...emailsPerSubscriber.values())).toBeLessThanOrEqual(batches.size);
    const pairs = sent.map((d) => `${d.subscriberId} ${batchOf(d.job)}`);
    expect(pairs.filter((pair, i) => pairs.indexOf(pair) !== i)).toEqual([]);
    // Each matcher ran jobs of its own partitions only (so it built only their indexes), and each event range's four
    // jobs ran once: a partition's queue is read by the matcher given it.
    const [first, second] = matchers.map(partitionsRun) as [[string, number][], [string, number][]];
    expect(new Set(first.map(([, partition]) => partition))).toEqual(new Set([0, 1]));
    expect(new Set(second.map(([, partition]) => partition))).toEqual(new Set([2, 3]));
    const ranges = new Map<string, number[]>();
    for (const [jobId, partition] of [...first, ...second]) {
      const range = /^match\.(\d+-\d+)\./.exec(jobId)?.[1] ?? jobId;
      ranges.set(range, [...(ranges.get(range) ?? []), partition]);
    }
    expect(ranges.size).toBeGreaterThanOrEqual(batches.size);
    for (const [range, partitions] of ranges) expect([range, partitions.sort()]).toEqual([range, [0, 1, 2, 3]]);

    // The daily run, enqueued as the scheduler's daily tick does: only the daily alerts, each answer once.
    const before = smtp.messages.length;
    await queues.enqueueDigest({ frequency: 'DAILY', runKey: '2026-12-02' });
    await smtp.waitForMessages(before + 4);
    await waitForLedgerSettled(t.db, { timeoutMs: 60_000, queues });
    await smtp.settled();
    expect(difference(expected('DAILY'), announcements(smtp.messages.slice(before)))).toEqual({
      missing: [],
      extra: [],
    });
  }, 180_000);

  it('still announces everything when a matcher is killed with SIGKILL mid-job (matchers sharing every partition)', async () => {
    const roles = [start('mailer'), start('matcher', 'matcher-1'), start('ingester')];
    await Promise.all(roles.map((p) => p.started));
    const victim = roles[1]!;
    await start('scheduler').started;

    // Kill matcher-1 the moment its first match rows are in: it is inside a job (inserting, or about to enqueue).
    await waitFor(async () => ((await t.db.match.count()) > 0 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 5,
      describe: () => 'no match rows',
    });
    victim.signal('SIGKILL');
    await victim.exited;
    const matchesAtKill = await t.db.match.count();
    // Its supervisor starts it again; the job it held comes back once its lock expires (MATCHER_LOCK_MS).
    await start('matcher', 'matcher-1-restarted').started;
    await start('matcher', 'matcher-2').started;

    const { want, got } = await immediateAnnouncements(150_000);
    expect(matchesAtKill).toBeGreaterThan(0);
    expect(difference(want, got)).toEqual({ missing: [], extra: [] });
  }, 240_000);
});

/** The match jobs a matcher's log says it finished: [job id, partition] each. */
function partitionsRun(matcher: RoleProcess): [string, number][] {
  return fs
    .readFileSync(matcher.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"msg":"match job done"'))
    .map((line) => JSON.parse(line) as { jobId: string; partition: number })
    .map(({ jobId, partition }) => [jobId, partition]);
}
