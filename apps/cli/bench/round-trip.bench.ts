/**
 * What one round trip to PostgreSQL costs, in CPU on both ends, against the same work sent in batches.
 *
 * A mailer sends three statements per email on its main thread (row and lock, state, unlock) and a share of one
 * record statement on its sender thread. Issue #21's goal needs the mail to cost far less CPU per email than it does;
 * batching deliveries would send one statement for many emails. This measures the part batching can remove: the
 * round trip itself (a trivial named statement), 16 connections working at once as the bench's mailer does, and the
 * same items in statements of 16.
 *
 * Run: `npm run bench:round-trip` (BENCH_DATABASE_URL, default postgresql://root@127.0.0.1:5432/postgres;
 * BENCH_ITEMS, default 160,000). Client CPU is this process's; PostgreSQL's is its backends', read from /proc.
 */
import { createSqlPool } from '@alerts/db';
import { cpuSeconds } from './process-cpu';

const url = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
const ITEMS = Number(process.env.BENCH_ITEMS ?? 160_000);
const CONNECTIONS = 16;

async function main() {
  if (!Number.isInteger(ITEMS) || ITEMS < CONNECTIONS)
    throw new Error(`BENCH_ITEMS must be an integer ≥ ${CONNECTIONS}`);
  const pool = createSqlPool({ url, poolSize: CONNECTIONS });
  const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => pool.connect()));
  try {
    const backends = await Promise.all(
      clients.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid),
    );
    const backendCpu = () => backends.reduce((sum, pid) => sum + cpuSeconds(pid), 0);

    const run = async (label: string, perStatement: number) => {
      const perClient = Math.ceil(ITEMS / CONNECTIONS / perStatement);
      const statements = perClient * CONNECTIONS;
      const items = statements * perStatement;
      const ids = Array.from({ length: perStatement }, (_, i) => `dlv_${i.toString(36).padStart(20, '0')}`);
      // Plan each named statement once per connection before measuring, as a long-running mailer has.
      await Promise.all(clients.map((c) => c.query({ name: `rt-${perStatement}`, text: STATEMENT, values: [ids] })));
      const client0 = process.cpuUsage();
      const server0 = backendCpu();
      const start = performance.now();
      await Promise.all(
        clients.map(async (c) => {
          for (let i = 0; i < perClient; i++)
            await c.query({ name: `rt-${perStatement}`, text: STATEMENT, values: [ids] });
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      const clientUsage = process.cpuUsage(client0);
      const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
      const serverCpu = backendCpu() - server0;
      const us = (cpu: number, n: number) => ((cpu / n) * 1e6).toFixed(1).padStart(6);
      console.log(
        `${label.padEnd(28)} ${String(statements).padStart(7)} statements, ${items} items in ${seconds.toFixed(1).padStart(5)} s | per item: client ${us(clientCpu, items)} µs, PostgreSQL ${us(serverCpu, items)} µs | per statement: client ${us(clientCpu, statements)} µs, PostgreSQL ${us(serverCpu, statements)} µs`,
      );
    };

    console.log(`bench:round-trip: ${CONNECTIONS} connections at once, ${ITEMS} items (delivery ids) each way`);
    await run('one item per statement', 1);
    await run('16 items per statement', 16);
    await run('64 items per statement', 64);
  } finally {
    for (const c of clients) c.release();
    await pool.end();
  }
}

// A trivial statement that still carries and returns its items, as a batched delivery statement would: the cost
// measured is the round trip and the protocol, not any table's work.
const STATEMENT = 'SELECT id FROM unnest($1::text[]) AS id';

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
