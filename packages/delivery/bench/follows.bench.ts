/**
 * bench:follows — what following costs the ingester on every tick, at the size of years of questions.
 * Builds (or reuses) a database of BENCH_QUESTIONS (default 600,000: about ten years of Commons and Lords written
 * questions) with an event for each answer, and BENCH_FOLLOWS (default 100,000) follows: most ended long ago, some
 * waiting out their correction window, the rest on questions still waiting. Then times, median of five runs each,
 * the per-tick queries: the follow emails still untold (findFollowNotices, which includes the still-waiting notes
 * due) with none pending, with 1,000 new events on followed questions and with 1,000 notes due, and the followed
 * questions the source fetches again (followedOpenQuestionIds). Every follow on a waiting question asked for the
 * overdue note and, as every seeded question is past its due date, has had it: the worst case for that scan.
 */
import { createDb, ensureDatabase, migrate, type Db } from '@alerts/db';
import { followedOpenQuestionIds } from '@alerts/ingest';
import { findFollowNotices } from '@alerts/delivery';

const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 600_000);
const FOLLOWS = Number(process.env.BENCH_FOLLOWS ?? 100_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/alerts_bench_follows';
const say = (line: string) => process.stdout.write(`${line}\n`);
const n = (value: number) => value.toLocaleString('en-GB');

/** One question in 30 still waiting, as in a normal week's ratio of tabled to answered. */
const WAITING_EVERY = 30;

async function seed(db: Db) {
  if ((await db.question.count()) === QUESTIONS && (await db.follow.count()) === FOLLOWS) {
    say(`reusing ${DATABASE_URL}`);
    return;
  }
  say(`seeding ${n(QUESTIONS)} questions and ${n(FOLLOWS)} follows…`);
  const started = performance.now();
  await db.$executeRawUnsafe(`TRUNCATE "Question", "QuestionEvent", "Follow", "Subscriber", "Match" CASCADE`);
  await db.$executeRawUnsafe(
    `INSERT INTO "Question" (id, uin, house, "questionText", state, "dateTabled", "dateForAnswer", "dateAnswered", "askingMemberId", raw, "contentHash")
     SELECT g, g::text, 'Commons', 'To ask the Secretary of State…',
       (CASE WHEN g % ${WAITING_EVERY} = 0 THEN 'UNANSWERED' ELSE 'ANSWERED' END)::"QuestionState",
       d, d + 7, CASE WHEN g % ${WAITING_EVERY} = 0 THEN NULL ELSE d + 9 END, 1, '{}', 'x'
     FROM generate_series(1, $1::int) g, LATERAL (SELECT date '2016-01-01' + (g::bigint * 3650 / $1::int)::int AS d) t`,
    QUESTIONS,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "QuestionEvent" ("questionId", kind, "createdAt")
     SELECT id, 'ANSWERED', "dateAnswered" + interval '12 hours' FROM "Question" WHERE state = 'ANSWERED' ORDER BY id`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Subscriber" (id, email, status, "confirmedAt", "updatedAt")
     SELECT 'sub' || g, 'reader' || g || '@example.org', 'ACTIVE', now(), now() FROM generate_series(1, $1::int) g`,
    Math.ceil(FOLLOWS / 2),
  );
  // Follows by kind: live ones on every waiting question (as many as fit), one in ten waiting out its correction
  // window after the answer, the rest ended after telling of their answer.
  const waiting = Math.floor(QUESTIONS / WAITING_EVERY);
  const live = Math.min(waiting, Math.floor(FOLLOWS * 0.2));
  const inWindow = Math.floor(FOLLOWS * 0.1);
  await db.$executeRawUnsafe(
    `INSERT INTO "Follow" (id, "subscriberId", "questionId", "confirmedAt")
     SELECT 'fl' || g, 'sub' || (1 + g % $2::int), g * ${WAITING_EVERY}, now() - interval '1 day' FROM generate_series(1, $1::int) g`,
    live,
    Math.ceil(FOLLOWS / 2),
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Follow" (id, "subscriberId", "questionId", "confirmedAt", "lastEventId", "endsAt", "endedAt")
     SELECT 'fa' || g, 'sub' || (1 + g % $3::int), e."questionId", e."createdAt" - interval '3 days', e.id,
       CASE WHEN g <= $2::int THEN now() + interval '20 days' ELSE e."createdAt" + interval '30 days' END,
       CASE WHEN g <= $2::int THEN NULL ELSE e."createdAt" + interval '30 days' END
     FROM generate_series(1, $1::int) g JOIN "QuestionEvent" e ON e.id = 1 + (g::bigint * 7919) % ${QUESTIONS - waiting}`,
    FOLLOWS - live,
    inWindow,
    Math.ceil(FOLLOWS / 2),
  );
  await db.$executeRawUnsafe('ANALYZE');
  say(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function median(label: string, run: () => Promise<number>) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    rows = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  say(
    `${label.padEnd(58)} ${times[2]!.toFixed(1).padStart(8)} ms   (${n(rows)} rows; min ${times[0]!.toFixed(1)}, max ${times[4]!.toFixed(1)})`,
  );
}

async function main() {
  say(`== bench:follows: ${n(QUESTIONS)} questions, ${n(FOLLOWS)} follows`);
  await ensureDatabase(DATABASE_URL);
  await migrate({ databaseUrl: DATABASE_URL });
  const db = createDb({ url: DATABASE_URL });
  try {
    await seed(db);
    // Idempotent, so a reused database gets it too.
    await db.$executeRawUnsafe(
      `UPDATE "Follow" SET "wantsOverdueNote" = true, "overdueNotedAt" = now() - interval '1 day' WHERE id LIKE 'fl%'`,
    );
    const counts = await db.$queryRawUnsafe<{ live: number; events: number }[]>(
      `SELECT (SELECT count(*)::int FROM "Follow" WHERE "endedAt" IS NULL) AS live, (SELECT count(*)::int FROM "QuestionEvent") AS events`,
    );
    say(`${n(counts[0]!.events)} events; ${n(counts[0]!.live)} follows not ended`);
    await median('findFollowNotices, nothing untold (every tick)', async () => (await findFollowNotices(db)).length);
    await median('followedOpenQuestionIds (every tick)', async () => (await followedOpenQuestionIds(db)).length);
    // 1,000 holding answers on followed questions arrive in one run.
    const fresh = await db.$queryRawUnsafe<{ id: bigint }[]>(
      `INSERT INTO "QuestionEvent" ("questionId", kind) SELECT "questionId", 'HOLDING' FROM "Follow" WHERE id LIKE 'fl%' ORDER BY id LIMIT 1000 RETURNING id`,
    );
    try {
      await median(
        'findFollowNotices, 1,000 new events on followed questions',
        async () => (await findFollowNotices(db)).length,
      );
    } finally {
      await db.questionEvent.deleteMany({ where: { id: { in: fresh.map((e) => e.id) } } });
    }
    // 1,000 followers who asked for the still-waiting note have not had it yet.
    await db.$executeRawUnsafe(
      `UPDATE "Follow" SET "overdueNotedAt" = NULL WHERE id IN (SELECT id FROM "Follow" WHERE id LIKE 'fl%' ORDER BY id LIMIT 1000)`,
    );
    await median('findFollowNotices, 1,000 still-waiting notes due', async () => (await findFollowNotices(db)).length);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
