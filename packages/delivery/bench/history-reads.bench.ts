/**
 * bench:history-reads — what PostgreSQL's readers of Match cost once alerts have a history. bench:pipeline cannot show
 * this: its alerts have matched nothing before. Builds BENCH_ALERTS (default 2,000) alerts, each of a subscriber of
 * its own, with BENCH_DAYS (default 180) days of delivered history at 10 matches a day, stored day by day as match
 * jobs store them, then today's 42 matches each, already claimed by the immediate email planned for it. Then, for
 * BENCH_READS (default 1,000) of those alerts, through the code's own functions and statements:
 * - an email's state read (loadDeliveryState: the mailer runs it once per email), with Match_delivery_idx and without;
 * - the Atom feed's read of the alert's newest 50 matches (loadRecentMatches: once per poll), with Match_feed_idx and
 *   without.
 * Each pass twice, the second reported (warm cache): wall time per read, and the CPU PostgreSQL's backend used (from
 * /proc, so only when PostgreSQL runs on this machine).
 */
import { createBenchDatabase } from '@alerts/db/testing';
import { sqlPoolOf } from '@alerts/db';
import type { SqlClient } from '@alerts/send-and-record';
import { mulberry32 } from '@alerts/matching/testing';
import { loadDeliveryState } from '../src/delivery-store';
import { loadRecentMatches } from '../src/recent-matches';
// PostgreSQL's backend CPU from /proc: this bench must run on PostgreSQL's machine for that figure.
import { cpuSeconds } from '../../../apps/cli/bench/process-cpu';
import { seedOneAlertEach } from './seed-alerts';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 2_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 180);
const READS = Number(process.env.BENCH_READS ?? 1_000);
const TODAY = 42;
const FEED_ENTRIES = 50; // as apps/web's /feeds/:token
const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
const say = (line: string) => process.stdout.write(`${line}\n`);
const n = (value: number) => value.toLocaleString('en-GB');

async function main() {
  const { db, drop } = await createBenchDatabase(server, 'alerts_bench_state');
  try {
    let started = performance.now();
    await seedOneAlertEach(db, ALERTS);
    // A day at a time, alert by alert within the day, as each day's match job stores its rows.
    for (let day = 1; day <= DAYS; day++) {
      await db.$executeRawUnsafe(
        `INSERT INTO "Match" ("subscriptionId", "questionIds", "createdAt", "deliveredAt", "deliveryId")
         SELECT 's' || a, ARRAY(SELECT $1::int * 100 + k FROM generate_series(1, 10) k),
           now() - ($2::int - $1::int) * interval '1 day', now() - ($2::int - $1::int) * interval '1 day',
           'old-' || $1::int || '-' || a
         FROM generate_series(1, $3::int) a ORDER BY ('s' || a) COLLATE "C"`,
        day,
        DAYS + 1,
        ALERTS,
      );
    }
    await db.$executeRawUnsafe(
      `INSERT INTO "Match" ("subscriptionId", "questionIds", "deliveryId")
       SELECT 's' || a, ARRAY(SELECT 1000000 + k FROM generate_series(1, $2::int) k), 'new-' || a
       FROM generate_series(1, $1::int) a ORDER BY ('s' || a) COLLATE "C"`,
      ALERTS,
      TODAY,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Delivery" (id, "subscriberId", email, kind, frequency, status, "dedupeKey", "claimedAt", job)
       SELECT 'new-' || a, 'r' || a, 'reader' || a || '@bench.example', 'IMMEDIATE', 'IMMEDIATE', 'PENDING',
         'immediate:new-' || a, now(), '{}'
       FROM generate_series(1, $1::int) a`,
      ALERTS,
    );
    await db.$executeRawUnsafe('VACUUM ANALYZE "Match", "Delivery", "Subscription", "Subscriber"');
    const [size] = await db.$queryRawUnsafe<{ rows: bigint; delivery: string; feed: string }[]>(
      `SELECT count(*) AS rows, pg_size_pretty(pg_relation_size('"Match_delivery_idx"')) AS delivery,
         pg_size_pretty(pg_relation_size('"Match_feed_idx"')) AS feed FROM "Match"`,
    );
    say(
      `seeded ${n(ALERTS)} alerts × ${DAYS} days × 10 delivered matches + ${TODAY} claimed today each: ` +
        `${n(Number(size!.rows))} rows in ${((performance.now() - started) / 1000).toFixed(1)} s (Match_delivery_idx ${size!.delivery}, Match_feed_idx ${size!.feed})`,
    );

    // The same emails each pass, in a fixed random order.
    const random = mulberry32(42);
    const picks = Array.from({ length: READS }, () => 1 + Math.floor(random() * ALERTS));
    // Times one read per pick on a fresh connection: the named statement is planned again, as a process's would be
    // after the change.
    const pass = async (read: (client: SqlClient, a: number) => Promise<void>) => {
      const pool = sqlPoolOf(db);
      const client = await pool.connect();
      const times: number[] = [];
      let serverCpu: number;
      try {
        const { rows } = await client.query<{ pid: number }>({ text: 'SELECT pg_backend_pid() AS pid' });
        const before = cpuSeconds(rows[0]!.pid);
        for (const a of picks) {
          started = performance.now();
          await read(client, a);
          times.push(performance.now() - started);
        }
        serverCpu = cpuSeconds(rows[0]!.pid) - before;
      } finally {
        client.release(true);
      }
      times.sort((x, y) => x - y);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
      return (
        `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, ${(times.reduce((s, t) => s + t, 0) / 1000).toFixed(2)} s for ${n(READS)}; ` +
        `PostgreSQL's CPU ${((serverCpu / READS) * 1e6).toFixed(0)} µs a read`
      );
    };
    const twice = async (read: (client: SqlClient, a: number) => Promise<void>) => {
      await pass(read);
      return pass(read);
    };
    const stateRead = async (client: SqlClient, a: number) => {
      const state = await loadDeliveryState(client, {
        subscriberId: `r${a}`,
        deliveryId: `new-${a}`,
        frequency: 'IMMEDIATE',
        goodbyeEmail: null,
      });
      if (state.matches.length !== TODAY) throw new Error(`expected ${TODAY} matches, read ${state.matches.length}`);
    };
    const feedRead = async (client: SqlClient, a: number) => {
      const recent = await loadRecentMatches(client, `s${a}`, FEED_ENTRIES);
      if (recent.length !== FEED_ENTRIES) throw new Error(`expected ${FEED_ENTRIES} matches, read ${recent.length}`);
    };
    const without = async (index: string) => {
      await db.$executeRawUnsafe(`DROP INDEX "${index}"`);
      await db.$executeRawUnsafe('ANALYZE "Match"');
    };

    say("an email's state (loadDeliveryState):");
    say(`  with Match_delivery_idx:  ${await twice(stateRead)}`);
    say("the feed's newest 50 (loadRecentMatches):");
    say(`  with Match_feed_idx:      ${await twice(feedRead)}`);
    await without('Match_feed_idx');
    say(`  without it (as before):   ${await twice(feedRead)}`);
    say("an email's state, again:");
    await without('Match_delivery_idx');
    say(`  without Match_delivery_idx (as before): ${await twice(stateRead)}`);
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
