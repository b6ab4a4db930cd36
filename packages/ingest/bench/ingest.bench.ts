/**
 * npm run bench:ingest — normalise and store the ~1,100 bundled real records into a fresh PostgreSQL database.
 * Goal: at least 2,000 records/s into PostgreSQL (by batching). Prints one line per scenario.
 */
import { createBenchDatabase } from '@alerts/db/testing';
import { createSampleSource, loadSampleRecords, normaliseQuestion } from '@alerts/sources';
import { ingest } from '../src/ingest';

const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';

async function main() {
  const { db, drop } = await createBenchDatabase(server, 'alerts_bench_ingest');
  try {
    // Connect and load the sample once before timing: the figures are throughput, not process start-up.
    await db.$queryRaw`SELECT 1`;
    const records = loadSampleRecords();
    let t = performance.now();
    for (let i = 0; i < 5; i++) for (const r of records) normaliseQuestion(r);
    const normaliseRate = (5 * records.length) / ((performance.now() - t) / 1000);
    console.log(`normalise only (sanitise HTML, text, hash): ${Math.round(normaliseRate)} records/s`);

    const line = (label: string, n: number, ms: number) =>
      console.log(`${label}: ${n} records in ${ms.toFixed(0)} ms = ${Math.round(n / (ms / 1000))} records/s`);
    t = performance.now();
    const cold = await ingest({ db, source: createSampleSource() });
    line('ingest into an empty database (normalise + insert + events)', cold.fetched, performance.now() - t);

    t = performance.now();
    const again = await ingest({ db, source: createSampleSource() });
    line('re-ingest, nothing changed (hash comparison, no writes)', again.fetched, performance.now() - t);

    // Every record changed: the worst case for updates (one UPDATE per row inside the batch transaction).
    const changed = records.map((r) => ({
      ...r,
      value: { ...r.value, heading: `${String(r.value.heading)} (revised)` },
    }));
    t = performance.now();
    const updated = await ingest({
      db,
      source: {
        name: 'sample',
        knownMembers: async () => [],
        async *fetch() {
          for (const record of changed) yield { kind: 'record' as const, record };
        },
      },
    });
    line('re-ingest, every record changed (updates)', updated.updated, performance.now() - t);
  } finally {
    await drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
