/**
 * bench:record-plans — what recording emails sent costs PostgreSQL when its plan cache chooses each call's plan, and
 * when the generic plan is forced (createSqlPool's genericPlans, as the mailer's sender thread has it). The statement
 * is send-and-record's own (recordSentGroup). BENCH_ALERTS (default 1,000) alerts, each with BENCH_EMAILS (default 8)
 * immediate emails owed of 42 matches each, already claimed, as a match job stores them. Every email is then recorded
 * on one connection, one record at a time or three together (about what group commit makes of bench:pipeline's mail),
 * in rounds alternating the two pools; between rounds the matches are made undelivered again and vacuumed. Reported
 * per round: wall time, the server's CPU (its backend's, from /proc: this bench must run on PostgreSQL's machine) and
 * this process's, and how PostgreSQL planned (pg_prepared_statements).
 */
import { createBenchDatabase } from '@alerts/db/testing';
import { createSqlPool } from '@alerts/db';
import { recordSentGroup, type SentRecord } from '@alerts/send-and-record';
import { cpuSeconds } from '../../../apps/cli/bench/process-cpu';
import { seedOneAlertEach } from './seed-alerts';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 1_000);
const EMAILS = Number(process.env.BENCH_EMAILS ?? 8);
const MATCHES = 42; // bench:pipeline's matches per email at 100,000 subscribers
const ROUNDS = 4;
const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
const say = (line: string) => process.stdout.write(`${line}\n`);
const n = (value: number) => value.toLocaleString('en-GB');

async function main() {
  const { url, db, drop } = await createBenchDatabase(server, 'alerts_bench_record_plans');
  try {
    await seedOneAlertEach(db, ALERTS);
    const emails = await db.$queryRawUnsafe<{ deliveryId: string; alert: number; ids: string[] }[]>(
      `WITH inserted AS (
         INSERT INTO "Match" ("subscriptionId", "questionIds", "deliveryId")
         SELECT 's' || a, ARRAY(SELECT e * 1000 + k FROM generate_series(1, $3::int) k), 'd-' || a || '-' || e
         FROM generate_series(1, $1::int) a, generate_series(1, $2::int) e
         ORDER BY ('s' || a) COLLATE "C", e
         RETURNING id, "deliveryId", "subscriptionId")
       SELECT "deliveryId", substr(min("subscriptionId"), 2)::int AS alert, array_agg(id::text) AS ids
       FROM inserted GROUP BY "deliveryId" ORDER BY "deliveryId"`,
      ALERTS,
      EMAILS,
      MATCHES,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Delivery" (id, "subscriberId", email, kind, frequency, status, "dedupeKey", "claimedAt", job)
       SELECT 'd-' || a || '-' || e, 'r' || a, 'reader' || a || '@bench.example', 'IMMEDIATE', 'IMMEDIATE', 'PENDING',
         'immediate:d-' || a || '-' || e, now(), '{}'
       FROM generate_series(1, $1::int) a, generate_series(1, $2::int) e`,
      ALERTS,
      EMAILS,
    );
    await db.$executeRawUnsafe('VACUUM ANALYZE "Match", "Delivery", "Subscription", "Subscriber"');
    const sentAt = new Date();
    const records: SentRecord[] = emails.map(({ deliveryId, alert, ids }) => ({
      deliveryId,
      dedupeKey: `immediate:${deliveryId}`,
      subscriberId: `r${alert}`,
      email: `reader${alert}@bench.example`,
      kind: 'IMMEDIATE',
      frequency: 'IMMEDIATE',
      messageId: `<${deliveryId}@bench.example>`,
      sentAt,
      matchIds: ids,
      items: MATCHES,
    }));
    say(`${n(records.length)} emails of ${MATCHES} matches each (${n(records.length * MATCHES)} matches) to record`);

    for (let round = 1; round <= ROUNDS; round++) {
      const genericPlans = round % 2 === 0;
      await db.$executeRawUnsafe(
        `UPDATE "Match" SET "deliveredAt" = NULL WHERE "deliveredAt" IS NOT NULL;
         UPDATE "Delivery" SET status = 'PENDING', "sentAt" = NULL, "messageId" = NULL WHERE status = 'SENT'`,
      );
      await db.$executeRawUnsafe('VACUUM "Match", "Delivery"');
      const pool = createSqlPool({ url, poolSize: 1, genericPlans });
      const client = await pool.connect();
      try {
        const { rows } = await client.query<{ pid: number }>({ text: 'SELECT pg_backend_pid() AS pid' });
        const backend = rows[0]!.pid;
        const [serverBefore, clientBefore, started] = [cpuSeconds(backend), process.cpuUsage(), performance.now()];
        let statements = 0;
        for (let i = 0; i < records.length; statements++) {
          const size = statements % 3 === 0 ? 1 : 3;
          await recordSentGroup(client, records.slice(i, i + size));
          i += size;
        }
        const wall = (performance.now() - started) / 1000;
        const serverCpu = cpuSeconds(backend) - serverBefore;
        const used = process.cpuUsage(clientBefore);
        const { rows: plans } = await client.query<{ name: string; generic: string; custom: string }>({
          text: `SELECT name, generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements ORDER BY name`,
        });
        say(
          `round ${round}, ${genericPlans ? 'generic plan forced  ' : 'plan cache chooses   '}: ${wall.toFixed(2)} s for ${n(statements)} statements; ` +
            `CPU: PostgreSQL ${serverCpu.toFixed(2)} s (${((serverCpu / records.length) * 1e6).toFixed(0)} µs an email), ` +
            `this process ${((used.user + used.system) / 1e6).toFixed(2)} s; plans: ` +
            plans.map((p) => `${p.name} ${p.custom} custom + ${p.generic} generic`).join(', '),
        );
      } finally {
        client.release(true);
        await pool.end();
      }
    }
  } finally {
    await drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
