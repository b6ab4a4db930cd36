/**
 * npm run bench:match-insert — what each part of the matcher's insert costs PostgreSQL: the batch of bench:pipeline
 * at 100,000 subscribers (54,309 alerts matched, 42 questions each: 2.28M immediate matches, claimed as they go in)
 * stored with the matcher's own statement (INSERT_MATCHES) in flushes of 200,000, question by question as the matcher
 * collects them, one job for each of four partitions; then a second batch of as many, half of whose questions each
 * alert already holds (questions 22-63), which the statement must not store twice. Then the same with one part taken
 * away at a time: Match_delivery_idx (not Match_feed_idx: the check of what alerts hold reads it, and without it reads
 * the whole table for every alert), the sort, the RETURNING, the check of what each alert holds, the statement's check
 * of the alerts (a trigger). Prints the backend's CPU (from /proc: run it on PostgreSQL's machine) and the wall time
 * of each batch. Options: BENCH_ALERTS, BENCH_ROUNDS (default 2), BENCH_DATABASE_URL.
 */
import { createBenchDatabase } from '@alerts/db/testing';
import { sqlPoolOf } from '@alerts/db';
import { INSERT_MATCHES } from '../../../packages/match-work/src/run-match-job';
import { seedOneAlertEach } from '../../../packages/delivery/bench/seed-alerts';
import { cpuSecondsIfNamed } from './process-cpu';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 54_309);
const QUESTIONS = 42;
const ROWS_PER_INSERT = 200_000; // the matcher's (run-match-job.ts)
const PARTITIONS = 4; // bench:pipeline's
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';

/** The statement with `part` taken out: the text must hold it, so a change to the statement fails loudly here. */
function without(part: string, replacement = ''): string {
  if (!INSERT_MATCHES.includes(part)) throw new Error(`INSERT_MATCHES no longer holds ${JSON.stringify(part)}`);
  return INSERT_MATCHES.replace(part, replacement);
}

interface Variant {
  label: string;
  text: string;
  /** DDL before the run, and what restores the schema after it. */
  change?: [string, string];
}

const VARIANTS: Variant[] = [
  { label: 'as the matcher stores them', text: INSERT_MATCHES },
  {
    label: 'without Match_delivery_idx',
    text: INSERT_MATCHES,
    change: [
      'DROP INDEX "Match_delivery_idx"',
      'CREATE INDEX "Match_delivery_idx" ON "Match"("subscriptionId", "deliveryId") WHERE "deliveryId" IS NOT NULL',
    ],
  },
  { label: 'without the sort by alert', text: without('ORDER BY f.s COLLATE "C"') },
  {
    label: 'without the RETURNING',
    text: without('SELECT "subscriptionId", items AS rows, id::text AS newest FROM inserted', 'SELECT 1'),
  },
  {
    // The second batch then stores its held half again: this measures the check, not a correct result.
    label: 'without the check of what alerts hold',
    text: without('m."createdAt" >= g.since', 'false'),
  },
  {
    label: "without the alerts' check (trigger)",
    text: INSERT_MATCHES,
    change: [
      'ALTER TABLE "Match" DISABLE TRIGGER "Match_subscription_check"',
      'ALTER TABLE "Match" ENABLE TRIGGER "Match_subscription_check"',
    ],
  },
];

async function main() {
  const { db, drop } = await createBenchDatabase(server, 'alerts_bench_match_insert');
  const client = await sqlPoolOf(db).connect();
  try {
    await seedOneAlertEach(db, ALERTS);
    // The questions, each with the event that made it news: the check of what an alert holds reads its rows stored
    // since its questions' first events.
    await client.query(
      `INSERT INTO "Question" (id, uin, house, "questionText", state, "dateTabled", "askingMemberId",
        "groupedUins", raw, "contentHash")
      SELECT q, 'B' || q, 'Commons', 'bench', 'ANSWERED', now(), 1, '{}', '{}', 'bench' FROM generate_series(1, $1::int) q`,
      [QUESTIONS + QUESTIONS / 2],
    );
    await client.query(`INSERT INTO "QuestionEvent" ("questionId", kind) SELECT id, 'ANSWERED' FROM "Question"`);
    const { pid } = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!;
    console.log(
      `bench:match-insert: ${ALERTS} alerts × ${QUESTIONS} questions = ${ALERTS * QUESTIONS} matches a batch, two batches, ${PARTITIONS} partitions`,
    );
    const store = async ({ label, text }: Variant, firstQuestion: number) => {
      const cpuBefore = cpuSecondsIfNamed(pid, 'postgres');
      const start = performance.now();
      const fresh = () => ({
        s: [] as string[],
        q: [] as number[],
        e: [] as string[],
        claim: [] as number[],
        ids: [] as string[],
        at: new Map<number, number>(),
      });
      let rows = fresh();
      let stored = 0;
      const flush = async () => {
        if (!rows.s.length) return;
        const result = await client.query<{ rows: number }>({
          text,
          values: [rows.s, rows.q, rows.e, false, rows.ids, rows.claim, 0],
        });
        stored += result.rows.reduce((sum, row) => sum + (row.rows ?? 0), 0);
        rows = fresh();
      };
      // As bench:pipeline's matcher: one job per partition, each collecting question by question and flushing every
      // ROWS_PER_INSERT pairs and at its end.
      for (let partition = 0; partition < PARTITIONS; partition++) {
        for (let question = firstQuestion; question < firstQuestion + QUESTIONS; question++) {
          for (let a = 1 + partition; a <= ALERTS; a += PARTITIONS) {
            rows.s.push(`s${a}`);
            rows.q.push(question);
            rows.e.push(String(question));
            // Each alert's immediate matches claimed by its own email, named by position in the flush's list of
            // emails, as a match job inserts them.
            let at = rows.at.get(a);
            if (at === undefined) rows.at.set(a, (at = rows.ids.push(`dlv_${a}`)));
            rows.claim.push(at);
          }
          if (rows.s.length >= ROWS_PER_INSERT) await flush();
        }
        await flush();
      }
      const cpu = cpuSecondsIfNamed(pid, 'postgres') - cpuBefore;
      const wall = (performance.now() - start) / 1000;
      const perMatch = (1e6 * cpu) / (ALERTS * QUESTIONS);
      const batch = firstQuestion === 1 ? 'first batch' : 'second batch';
      console.log(
        `  ${`${label}, ${batch}`.padEnd(52)} PostgreSQL ${cpu.toFixed(1)} s of CPU (${perMatch.toFixed(2)} µs a match), ${wall.toFixed(1)} s; ${stored} stored`,
      );
    };
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`round ${round}`);
      for (const variant of VARIANTS) {
        if (variant.change) await client.query(variant.change[0]);
        try {
          await client.query('TRUNCATE "Match", "MatchTally"');
          await client.query('CHECKPOINT');
          await store(variant, 1);
          await client.query('ANALYZE "Match"');
          await store(variant, 1 + QUESTIONS / 2);
        } finally {
          if (variant.change) await client.query(variant.change[1]);
        }
      }
    }
  } finally {
    client.release();
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
