/**
 * npm run bench:sweep — the reconciler's sweep for unannounced immediate matches (findUnannouncedImmediate) over a
 * long history: BENCH_DELIVERED delivered matches (default 3,000,000) and 500 pending, timed as the schema stands (a
 * scan of every undelivered match, found by reading the table) and then with a candidate partial index on undelivered
 * matches, built here in this throwaway database only. The index is not in the schema: PostgreSQL also used it for
 * the mailer's claim queries and slowed mail during large batches (see sweep-immediate.ts).
 */
import { createBenchDatabase } from '@alerts/db/testing';
import { findUnannouncedImmediate } from '@alerts/delivery';

const DELIVERED = Number(process.env.BENCH_DELIVERED ?? 3_000_000);
const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';

async function main() {
  const { db, drop } = await createBenchDatabase(server, 'alerts_bench_sweep');
  try {
    let t = performance.now();
    // 1,000 confirmed immediate alerts; history of delivered matches spread over them; 500 matches still pending.
    await db.$executeRawUnsafe(`INSERT INTO "Subscriber"(id, email, "updatedAt", status, "confirmedAt")
      SELECT 'r' || i, 'r' || i || '@bench.example', now(), 'ACTIVE', now() FROM generate_series(1, 1000) i`);
    await db.$executeRawUnsafe(`INSERT INTO "Subscription"(id, "subscriberId", query, "updatedAt", frequency, "confirmedAt")
      SELECT 's' || i, 'r' || i, 'tax', now(), 'IMMEDIATE', now() FROM generate_series(1, 1000) i`);
    await db.$executeRawUnsafe(
      `INSERT INTO "Match"("subscriptionId", "questionId", "createdAt", "deliveredAt")
      SELECT 's' || (1 + i % 1000), i / 1000, now() - interval '2 days', now() - interval '1 day' FROM generate_series(1, $1::int) i`,
      DELIVERED,
    );
    await db.$executeRawUnsafe(`INSERT INTO "Match"("subscriptionId", "questionId", "createdAt")
      SELECT 's' || (1 + i % 1000), 100000000 + i, now() - interval '1 hour' FROM generate_series(1, 500) i`);
    await db.$executeRawUnsafe('VACUUM ANALYZE "Match"');
    await db.$executeRawUnsafe('ANALYZE "Subscriber", "Subscription"');
    console.log(
      `setup: ${DELIVERED.toLocaleString('en-GB')} delivered matches and 500 pending in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    for (const label of ['as the schema stands', 'with a partial index on undelivered matches']) {
      if (label !== 'as the schema stands') {
        await db.$executeRawUnsafe(
          'CREATE INDEX "Match_undelivered_probe" ON "Match"("createdAt") WHERE "deliveredAt" IS NULL',
        );
        await db.$executeRawUnsafe('ANALYZE "Match"');
      }
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < 5; i++) {
        t = performance.now();
        found = (await findUnannouncedImmediate(db, { graceMs: 60_000 })).length;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log(
        `sweep ${label}: median ${times[2]!.toFixed(1)} ms of 5 (best ${times[0]!.toFixed(1)} ms), ${found} subscribers unannounced`,
      );
    }
  } finally {
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
