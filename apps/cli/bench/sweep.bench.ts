/**
 * npm run bench:sweep — the reads that look for matches no email has claimed, over a long history: the reconciler's
 * sweep for unannounced immediate matches (findUnannouncedImmediate, every tick) and a digest run's planning
 * (subscribersWithPendingMatches). BENCH_DELIVERED delivered matches (default 3,000,000), BENCH_CLAIMED immediate
 * matches claimed by emails still going out (default 500,000: a large batch in flight), and 500 unclaimed immediate
 * plus 500 unclaimed daily matches. Timed as the schema stands (the partial index Match_unclaimed_idx)
 * and again with that index dropped, in this throwaway database. It also asks PostgreSQL how it would read a
 * delivery's claimed matches, the query an earlier partial index was wrongly chosen for (see sweep-immediate.ts).
 */
import { createBenchDatabase } from '@alerts/db/testing';
import { findUnannouncedImmediate, subscribersWithPendingMatches } from '@alerts/delivery';

const DELIVERED = Number(process.env.BENCH_DELIVERED ?? 3_000_000);
const CLAIMED = Number(process.env.BENCH_CLAIMED ?? 500_000);
const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
const INDEX = 'Match_unclaimed_idx';

// The shape of a delivery's read of the matches it claimed (delivery-store.ts, `kept`).
const CLAIMED_READ = `EXPLAIN SELECT m.id FROM "Subscription" s JOIN "Match" m ON m."subscriptionId" = s.id
  WHERE s."subscriberId" = 'r1' AND m."deliveredAt" IS NULL AND m."deliveryId" = 'd1'`;

async function main() {
  const { db, drop } = await createBenchDatabase(server, 'alerts_bench_sweep');
  try {
    let t = performance.now();
    // 1,000 subscribers, each with an immediate alert (s1..s1000) and a daily one (s1001..s2000).
    await db.$executeRawUnsafe(`INSERT INTO "Subscriber"(id, email, "updatedAt", status, "confirmedAt")
      SELECT 'r' || i, 'r' || i || '@bench.example', now(), 'ACTIVE', now() FROM generate_series(1, 1000) i`);
    await db.$executeRawUnsafe(`INSERT INTO "Subscription"(id, "subscriberId", query, "updatedAt", frequency, "confirmedAt")
      SELECT 's' || i, 'r' || (1 + (i - 1) % 1000), 'tax', now(), CASE WHEN i <= 1000 THEN 'IMMEDIATE' ELSE 'DAILY' END::"Frequency", now()
      FROM generate_series(1, 2000) i`);
    await db.$executeRawUnsafe(
      `INSERT INTO "Match"("subscriptionId", "questionIds", "createdAt", "deliveredAt", "deliveryId")
      SELECT 's' || (1 + i % 2000), ARRAY[i / 2000], now() - interval '2 days', now() - interval '1 day', 'sent' || (i % 2000)
      FROM generate_series(1, $1::int) i`,
      DELIVERED,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Match"("subscriptionId", "questionIds", "createdAt", "deliveryId")
      SELECT 's' || (1 + i % 1000), ARRAY[50000000 + i], now() - interval '1 hour', 'd' || (1 + i % 1000) FROM generate_series(1, $1::int) i`,
      CLAIMED,
    );
    await db.$executeRawUnsafe(`INSERT INTO "Match"("subscriptionId", "questionIds", "createdAt")
      SELECT 's' || CASE WHEN i <= 500 THEN i ELSE 1000 + i END, ARRAY[100000000 + i], now() - interval '1 hour'
      FROM generate_series(1, 1000) i`);
    await db.$executeRawUnsafe('VACUUM ANALYZE "Match"');
    await db.$executeRawUnsafe('ANALYZE "Subscriber", "Subscription"');
    console.log(
      `setup: ${DELIVERED.toLocaleString('en-GB')} delivered matches, ${CLAIMED.toLocaleString('en-GB')} claimed and going out, 500 + 500 unclaimed, in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const median = async (run: () => Promise<number>) => {
      const times: number[] = [];
      let found = 0;
      for (let i = 0; i < 5; i++) {
        t = performance.now();
        found = await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return `median ${times[2]!.toFixed(1)} ms of 5 (best ${times[0]!.toFixed(1)} ms), ${found} subscribers`;
    };
    for (const label of ['as the schema stands', `without ${INDEX}`]) {
      if (label !== 'as the schema stands') {
        await db.$executeRawUnsafe(`DROP INDEX "${INDEX}"`);
        await db.$executeRawUnsafe('ANALYZE "Match"');
      }
      console.log(`${label}:`);
      console.log(
        `  sweep            ${await median(async () => (await findUnannouncedImmediate(db, { graceMs: 60_000 })).length)}`,
      );
      console.log(
        `  digest planning  ${await median(async () => (await subscribersWithPendingMatches(db, 'DAILY')).length)}`,
      );
      const plan = (await db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(CLAIMED_READ)).map((r) => r['QUERY PLAN']);
      const reads = plan.filter((line) => / Scan /.test(line) && !line.includes('Subscription'));
      console.log(
        `  a delivery's read of its claimed matches: ${reads
          .map((l) =>
            l
              .replace(/\(cost.*$/, '')
              .replace(/^[\s->]+/, '')
              .trim(),
          )
          .join(' ← ')}`,
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
