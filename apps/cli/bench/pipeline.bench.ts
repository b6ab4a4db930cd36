/**
 * npm run bench:pipeline — 100,000 subscribers with generated queries over the real vocabulary, one batch of real
 * sample questions → time from enqueueing the ingest job to the last email accepted by an SMTP sink in another
 * process, with the ingester, matcher and mailer each in its own process. Goals: ≤ 5 minutes, ≤ 1 GB per process.
 *
 * The batch: the sample's records first dated on or after BENCH_BATCH_FROM (default 2025-04-22: 1,415 records, 1,095
 * answered, the size of the sample this bench was first measured on). The older 9,659 are stored beforehand as a
 * backfill (history, never announced), so the ingester reads all 11,075 and finds only the batch new, as a live
 * tick finds one day's answers beside years of stored ones.
 * Options: BENCH_SUBSCRIBERS (default 100000), BENCH_MAILERS (default 1), BENCH_MATCHERS (default 1; more share the
 * four partitions, each its own), BENCH_MAILERS=0 (matching only: stops when the matches are stored), BENCH_BATCH_FROM, BENCH_MATCHER_HEAP_MB
 * (default 768), BENCH_LOG_DIR, BENCH_MAILER_FLAGS (Node or V8 flags for the mailer), BENCH_PROFILE (a worker's name),
 * BENCH_HISTORY_DAYS (default 0: days of mail already sent to every subscriber, 10 matches a day; see seedMatchHistory).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { createBenchDatabase } from '@alerts/db/testing';
import { buildMessage, createSmtpTransport } from '@alerts/email';
import { fromApiRecord } from '@alerts/matching';
import { findUnannouncedImmediate } from '@alerts/delivery';
import { partitionOf } from '@alerts/subscriptions';
import { createQueues, createRedis } from '@alerts/queue';
import { ingest } from '@alerts/ingest';
import { createSampleSource, loadSampleRecords } from '@alerts/sources';
// The matching benchmark's generator: the same realistic query mix, drawn from the corpus's word frequencies.
import { corpusWords, generateQuery } from '../../../packages/matching/bench/generate-subscriptions';
import { cpuSeconds, cpuSecondsOf, describeThreads, peakRssMb } from './process-cpu';
import { describeWal, walSoFar } from './postgres-wal';
import { describePostgresCpu, samplePostgresCpu } from './postgres-cpu-by-client';
import { seedMatchHistory } from './seed-match-history';

const ROOT = path.join(__dirname, '..', '..', '..');
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000);
const MAILERS = Number(process.env.BENCH_MAILERS ?? 1);
const MATCHERS = Number(process.env.BENCH_MATCHERS ?? 1);
const PARTITIONS = 4;
const BATCH_FROM = process.env.BENCH_BATCH_FROM ?? '2025-04-22';
const HISTORY_DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 0);
// A guard against a stuck run, not a goal: 15 minutes per 100,000 subscribers.
// Set once the bench stops its workers itself: an exit before that is news.
let stopping = false;
const GIVE_UP_MINUTES = 15 * Math.max(1, SUBSCRIBERS / 100_000);
const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main() {
  const { url: databaseUrl, db, drop } = await createBenchDatabase(server, 'alerts_bench_pipeline');
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const children: { name: string; proc: ChildProcess }[] = [];
  const redis = createRedis(redisUrl);
  const queues = createQueues({ connection: redis, prefix, matchPartitions: PARTITIONS });
  try {
    // History: every sample record first dated before the batch, stored as a backfill, whose events are never matched.
    let t = performance.now();
    const dayBefore = new Date(Date.parse(`${BATCH_FROM}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const history = await ingest({ db, source: createSampleSource(), window: { from: '1900-01-01', to: dayBefore } });
    console.log(
      `setup: ${history.created} older sample records stored as history in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // Subscribers, confirmed an hour ago, all IMMEDIATE so every match becomes an email in this run.
    const corpus = corpusWords(
      loadSampleRecords().map((r) => fromApiRecord(r)),
      0.75,
    );
    const random = mulberry32(42);
    t = performance.now();
    const confirmedAt = new Date(Date.now() - 3_600_000).toISOString();
    for (let start = 0; start < SUBSCRIBERS; start += 10_000) {
      const subscribers = [];
      const subscriptions = [];
      for (let i = start; i < Math.min(SUBSCRIBERS, start + 10_000); i++) {
        const subscriberId = `bench_r${i}`;
        const id = `bench_s${i}`;
        subscribers.push({
          id: subscriberId,
          email: `reader${i}@bench.example`,
          status: 'ACTIVE',
          confirmedAt,
          tokenVersion: 0,
          createdAt: confirmedAt,
          updatedAt: confirmedAt,
        });
        subscriptions.push({
          id,
          subscriberId,
          query: generateQuery(random, corpus),
          frequency: 'IMMEDIATE',
          paused: false,
          includeTabled: false,
          channel: 'EMAIL',
          confirmedAt,
          partition: partitionOf(subscriberId),
          createdAt: confirmedAt,
          updatedAt: confirmedAt,
        });
      }
      await db.$executeRawUnsafe(
        `INSERT INTO "Subscriber" SELECT * FROM json_populate_recordset(NULL::"Subscriber", $1::json)`,
        JSON.stringify(subscribers),
      );
      await db.$executeRawUnsafe(
        `INSERT INTO "Subscription" SELECT * FROM json_populate_recordset(NULL::"Subscription", $1::json)`,
        JSON.stringify(subscriptions),
      );
    }
    // A live database has statistics on its tables (autovacuum analyzes them); freshly bulk-loaded ones have none
    // until autovacuum's next pass, and without them PostgreSQL plans a delivery's lookup of its matches as a scan of
    // the whole Match table. Analyze once, as that pass would.
    await db.$executeRawUnsafe('ANALYZE "Subscriber", "Subscription"');
    console.log(
      `setup: ${SUBSCRIBERS} subscribers with generated queries in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    if (HISTORY_DAYS > 0) {
      t = performance.now();
      const seeded = await seedMatchHistory(db, { subscribers: SUBSCRIBERS, days: HISTORY_DAYS });
      console.log(
        `setup: ${HISTORY_DAYS} days of mail already sent to each: ${seeded.matches} delivered matches in ${seeded.deliveries} emails, in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    // What this run matches is stored after the history, if any: above its highest id (a range of the primary key,
    // where a filter on the date would read every row of the history).
    const [{ lastHistoryId }] = await db.$queryRaw<
      [{ lastHistoryId: bigint }]
    >`SELECT coalesce(max(id), 0) AS "lastHistoryId" FROM "Match"`;

    const sink = fork(path.join(ROOT, 'packages/email/bench/smtp-sink.ts'), [], {
      execArgv: ['--require', 'tsx/cjs'],
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.push({ name: 'smtp sink', proc: sink });
    const port = await new Promise<number>((resolve) => sink.once('message', (m: { port: number }) => resolve(m.port)));
    const sinkStats = () =>
      new Promise<{ messages: number; bytes: number }>((resolve) => {
        sink.once('message', (m: { messages: number; bytes: number }) => resolve(m));
        sink.send('stats');
      });
    const sinkCount = async () => (await sinkStats()).messages;

    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MATCH_PARTITIONS: String(PARTITIONS),
      MAILER_CONCURRENCY: '16',
      MAILER_RATE_PER_SECOND: '5000',
      LOG_LEVEL: 'warn',
      PUBLIC_BASE_URL: 'http://alerts.bench',
      TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret',
    };
    const start = (name: string, extraEnv: Record<string, string> = {}) => {
      // BENCH_PROFILE=mailer writes a V8 CPU profile of that worker to artifacts/profiles/ on exit.
      const profile =
        process.env.BENCH_PROFILE === name
          ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'artifacts', 'profiles')}`]
          : [];
      // As their `npm start` scripts run them: the matcher and mailer with V8's heap capped at 768 MB. Uncapped, V8
      // let garbage pile up to 1.1 GB of RSS in the mailer although it holds a few hundred MB alive. At 1,000,000
      // alerts one matcher holding every partition needs more: BENCH_MATCHER_HEAP_MB raises its cap.
      const heapMb = name === 'matcher' ? (process.env.BENCH_MATCHER_HEAP_MB ?? '768') : '768';
      const heap = name === 'mailer' || name === 'matcher' ? [`--max-old-space-size=${heapMb}`] : [];
      // BENCH_MAILER_FLAGS: more Node or V8 flags for the mailer, to try a setting (`--single-threaded-gc`).
      const extra = name === 'mailer' ? (process.env.BENCH_MAILER_FLAGS ?? '').split(' ').filter(Boolean) : [];
      // BENCH_LOG_DIR keeps each worker's log (its stdout) in a file there, to see why one stopped.
      const logDir = process.env.BENCH_LOG_DIR;
      if (logDir) mkdirSync(logDir, { recursive: true });
      const stdout = logDir ? openSync(path.join(logDir, `${name}-${children.length}.log`), 'w') : 'ignore';
      const proc = spawn(
        process.execPath,
        [...heap, ...extra, ...profile, '--require', 'tsx/cjs', path.join(ROOT, `workers/${name}/src/main.ts`)],
        { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', stdout, 'inherit'] },
      );
      proc.once('exit', (code, signal) => {
        if (!stopping) console.error(`\n  ${name} exited early (${signal ?? `code ${code}`})`);
      });
      children.push({ name, proc });
    };
    start('ingester');
    // BENCH_MATCHERS=4: each matcher takes its own partitions (MATCHER_PARTITIONS), as a deployment at a million would.
    for (let i = 0; i < MATCHERS; i++)
      start(
        'matcher',
        MATCHERS > 1
          ? {
              MATCHER_PARTITIONS: Array.from({ length: PARTITIONS }, (_, p) => p)
                .filter((p) => p % MATCHERS === i)
                .join(','),
            }
          : {},
      );
    for (let i = 0; i < MAILERS; i++) start('mailer');
    await sleep(4000); // let the workers load and connect

    t = performance.now();
    // Services' CPU before the run, to report what the run added (backends that exit still count: see cpuSecondsOf).
    const serviceCpuBefore = { postgres: cpuSecondsOf('postgres'), redis: cpuSecondsOf('redis-server') };
    // …and PostgreSQL's by whose connection used it: storing matches apart from sending mail.
    const postgresByClient = await samplePostgresCpu(databaseUrl);
    const postgresSoFar = () => cpuSecondsOf('postgres') - serviceCpuBefore.postgres;
    const walBefore = await walSoFar(db);
    // And the workers' own, spent loading and connecting: the run's total below counts only what the run used.
    const childCpuBefore = children.reduce((sum, { proc }) => sum + cpuSeconds(proc.pid), 0);
    await queues.enqueueIngest({ source: 'sample', slot: 'bench' });
    let expected: number | null = null;
    let received = 0;
    let lastLogged = performance.now();
    for (;;) {
      await sleep(500);
      received = await sinkCount();
      if (expected === null) {
        const counts = await Promise.all(
          [queues.ingest, ...queues.matchQueues()].map((q) =>
            q.getJobCounts('waiting', 'active', 'delayed', 'completed'),
          ),
        );
        const busy = counts.some((c) => c.waiting! + c.active! + c.delayed! > 0);
        if (!busy && counts[0]!.completed! > 0 && counts[1]!.completed! > 0) {
          const [row] = await db.$queryRaw<
            { n: bigint }[]
          >`SELECT count(DISTINCT s."subscriberId") AS n FROM "Match" m JOIN "Subscription" s ON s.id = m."subscriptionId" WHERE m.id > ${lastHistoryId}`;
          expected = Number(row!.n);
          const [stored] = await db.$queryRaw<
            { items: bigint; rows: bigint }[]
          >`SELECT coalesce(sum(cardinality("questionIds")), 0) AS items, count(*) AS rows FROM "Match" WHERE id > ${lastHistoryId}`;
          console.log(
            `matching done at ${((performance.now() - t) / 1000).toFixed(1)} s: ${stored!.items} matches (${stored!.rows} rows) for ${expected} subscribers`,
          );
          const cpu = children.map(({ name, proc }) => `${name} ${cpuSeconds(proc.pid).toFixed(1)} s`).join(', ');
          console.log(
            `  CPU so far: ${cpu}, postgres ${postgresSoFar().toFixed(1)} s, redis ${(cpuSecondsOf('redis-server') - serviceCpuBefore.redis).toFixed(1)} s`,
          );
          console.log(`  postgres so far: ${describeWal(walBefore, await walSoFar(db))}`);
          console.log(
            `  postgres so far by connection: ${describePostgresCpu(postgresByClient.byName(), postgresSoFar())}`,
          );
        }
      }
      const progress = `${((performance.now() - t) / 1000).toFixed(0)} s: ${received} emails accepted by the sink${expected === null ? '' : ` of ${expected}`}`;
      // A live line on a terminal; in a log, one line every 15 s.
      if (process.stdout.isTTY) process.stdout.write(`\r  ${progress}   `);
      else if (performance.now() - lastLogged > 15_000) {
        console.log(`  ${progress}`);
        lastLogged = performance.now();
      }
      if (expected !== null && (MAILERS === 0 || received >= expected)) break;
      if (performance.now() - t > GIVE_UP_MINUTES * 60_000) throw new Error(`gave up after ${GIVE_UP_MINUTES} minutes`);
    }
    const seconds = (performance.now() - t) / 1000;
    const walAfter = await walSoFar(db);
    await postgresByClient.stop();
    const report = () => {
      let total = -childCpuBefore;
      for (const { name, proc } of children) {
        const cpu = cpuSeconds(proc.pid);
        total += cpu;
        console.log(
          `  ${name.padEnd(10)} peak RSS ${String(peakRssMb(proc.pid)).padStart(5)} MB, CPU ${cpu.toFixed(1)} s`,
        );
        // By thread, since each started: the mailer's main thread composes, its busiest other is the sender thread,
        // and the rest are mostly V8's garbage collection helpers.
        if (name === 'mailer' || name === 'matcher') console.log(`             threads: ${describeThreads(proc.pid)}`);
      }
      const postgres = postgresSoFar();
      const redisCpu = cpuSecondsOf('redis-server') - serviceCpuBefore.redis;
      total += postgres + redisCpu;
      console.log(
        `  services   CPU during the run: postgres ${postgres.toFixed(1)} s, redis ${redisCpu.toFixed(1)} s (2 cores = ${(2 * seconds).toFixed(0)} CPU s available)`,
      );
      console.log(`             postgres wrote ${describeWal(walBefore, walAfter)}`);
      const byClient = postgresByClient.byName();
      console.log(`             postgres by connection: ${describePostgresCpu(byClient, postgres)}`);
      // The mailer's three pools (main thread, subscriber locks, sender thread) together, per email sent.
      const mail = byClient.filter(([name]) => name.startsWith('alerts-mailer')).reduce((sum, [, s]) => sum + s, 0);
      if (received)
        console.log(
          `             postgres for the mailers' connections: ${((1000 * mail) / received).toFixed(2)} ms an email`,
        );
      // Matching only (BENCH_MAILERS=0), this is what storing the matches costs: compare it with what the wire leaves.
      // The lines above give each worker's CPU since it started; this counts from the ingest job on.
      console.log(`  all        CPU used by the run's processes together during the run: ${total.toFixed(1)} s`);
    };
    if (MAILERS === 0) {
      console.log(`\n\nbench:pipeline, matching only: ${SUBSCRIBERS} subscribers, ${MATCHERS} matcher(s)`);
      console.log(`  ingest → matches stored: ${seconds.toFixed(1)} s`);
      report();
      return;
    }
    const [batch] = await db.$queryRaw<
      { records: bigint; answered: bigint }[]
    >`SELECT count(DISTINCT "questionId") AS records, count(DISTINCT "questionId") FILTER (WHERE kind = 'ANSWERED') AS answered FROM "QuestionEvent" WHERE NOT "isBackfill"`;
    console.log(
      `\n\nbench:pipeline: ${SUBSCRIBERS} subscribers, a batch of ${batch!.records} new sample records (${batch!.answered} answered) beside ${history.created} stored`,
    );
    console.log(
      `  ingest → last email accepted: ${seconds.toFixed(1)} s for ${received} emails (${Math.round(received / seconds)} emails/s overall)`,
    );
    report();
    // The wire's pace for comparison (issue #21): the same number of emails, of the run's average size, through the
    // same pooled SMTP transport (MAILER_CONCURRENCY connections, no rate limit) to the same sink, nothing else.
    stopping = true;
    for (const { name, proc } of children) if (name !== 'smtp sink') proc.kill('SIGTERM');
    const run = await sinkStats();
    const size = Math.round(run.bytes / run.messages);
    const transport = createSmtpTransport({
      smtpUrl: env.SMTP_URL,
      maxConnections: Number(env.MAILER_CONCURRENCY),
      maxMessagesPerSecond: false,
    });
    const message = (i: number) =>
      buildMessage({
        to: `reader${i}@bench.example`,
        from: { name: 'Parliament Alerts', address: 'alerts@alerts.bench' },
        rendered: {
          subject: 'New answers',
          text: 'x'.repeat(Math.round(size * 0.3)),
          html: `<p>${'y'.repeat(Math.round(size * 0.6))}</p>`,
        },
        unsubscribeUrl: 'http://alerts.bench/unsubscribe/x',
        messageIdDomain: 'alerts.bench',
      });
    await transport.send(message(-1)); // open the pool
    const wireCpuBefore = { sender: process.cpuUsage(), sink: cpuSeconds(sink.pid) };
    const wireStart = performance.now();
    for (let i = 0; i < run.messages; i += 2_000) {
      await Promise.all(
        Array.from({ length: Math.min(2_000, run.messages - i) }, (_, k) => transport.send(message(i + k))),
      );
    }
    const wireSeconds = (performance.now() - wireStart) / 1000;
    const senderCpu = process.cpuUsage(wireCpuBefore.sender);
    const wireCpu = {
      sender: (senderCpu.user + senderCpu.system) / 1e6,
      sink: cpuSeconds(sink.pid) - wireCpuBefore.sink,
    };
    await transport.close();
    console.log(
      `  the wire   the same ${run.messages} emails (~${Math.round(size / 1024)} KiB each) through pooled SMTP alone: ${wireSeconds.toFixed(1)} s; the pipeline took ${(seconds / wireSeconds).toFixed(2)}× that`,
    );
    // What the wire alone costs the machine: the pipeline must spend at least this on the same emails, so on 2 cores
    // it leaves 2 × 1.5 × wire − this for everything else (matching, storing, composing, the ledger) at issue #21's goal.
    console.log(
      `             CPU of the wire alone: ${(wireCpu.sender + wireCpu.sink).toFixed(1)} s (sender ${wireCpu.sender.toFixed(1)} s, sink ${wireCpu.sink.toFixed(1)} s); at 1.5× the wire, 2 cores leave ${(3 * wireSeconds - wireCpu.sender - wireCpu.sink).toFixed(1)} CPU s for the rest`,
    );
    // The reconciler's sweep runs on every tick; it reads unclaimed matches only (a partial index), not history.
    const matchRows = await db.match.count();
    const sweepStart = performance.now();
    const unannounced = await findUnannouncedImmediate(db, { graceMs: 0 });
    console.log(
      `  sweep      ${Math.round(performance.now() - sweepStart)} ms beside ${matchRows} match rows, ${unannounced.length} subscribers unannounced`,
    );
  } finally {
    stopping = true;
    for (const { proc } of children) proc.kill('SIGTERM');
    await sleep(1000);
    for (const q of queues.all) await q.obliterate({ force: true }).catch(() => {});
    await queues.close();
    await redis.quit();
    await drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
