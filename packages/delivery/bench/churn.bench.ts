/**
 * bench:churn — what a matcher's tick costs when people edit their alerts (issue #21). BENCH_ALERTS (default
 * 1,000,000) confirmed alerts with generated queries over the real vocabulary, held by one matcher (one partition of
 * one); then, between two ticks, BENCH_EDITS (default 1,000) edits as people make them (new queries, pauses, deletes,
 * new alerts, a few subscribers disabled). Prints the tick that applies them in place next to a full rebuild of the
 * same alerts, and the match of the ~1,100 sample answers against the index for scale. Median of three rounds.
 */
import { createBenchDatabase } from '@alerts/db/testing';
import { fromApiRecord } from '@alerts/matching';
import { loadSampleRecords } from '@alerts/sources';
import { corpusWords, generateQuery } from '../../matching/bench/generate-subscriptions';
import { partitionOf } from '@alerts/subscriptions';
import { createSubscriptionIndexCache } from '@alerts/delivery';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 1_000_000);
const EDITS = Number(process.env.BENCH_EDITS ?? 1_000);
const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://root@127.0.0.1:5432/postgres';
const say = (line: string) => process.stdout.write(`${line}\n`);
const n = (value: number) => value.toLocaleString('en-GB');
const ms = (from: number) => performance.now() - from;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main() {
  const { db, drop } = await createBenchDatabase(server, 'alerts_bench_churn');
  try {
    const questions = loadSampleRecords().map((r) => fromApiRecord(r));
    const corpus = corpusWords(questions, 0.75);
    const random = mulberry32(7);
    const query = () => generateQuery(random, corpus);
    let t = performance.now();
    const confirmedAt = new Date(Date.now() - 3_600_000).toISOString();
    // Four alerts per subscriber, as people keep several.
    for (let start = 0; start < ALERTS; start += 20_000) {
      const subscribers = [];
      const subscriptions = [];
      for (let i = start; i < Math.min(ALERTS, start + 20_000); i++) {
        const subscriberId = `churn_r${Math.floor(i / 4)}`;
        if (i % 4 === 0)
          subscribers.push({
            id: subscriberId,
            email: `reader${i / 4}@churn.example`,
            status: 'ACTIVE',
            confirmedAt,
            tokenVersion: 0,
            createdAt: confirmedAt,
            updatedAt: confirmedAt,
          });
        subscriptions.push({
          id: `churn_s${i}`,
          subscriberId,
          query: query(),
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
    await db.$executeRawUnsafe('ANALYZE');
    say(`setup: ${n(ALERTS)} alerts in ${(ms(t) / 1000).toFixed(1)} s`);

    const cache = createSubscriptionIndexCache(db);
    t = performance.now();
    const first = await cache(0, 1);
    say(`first build: ${n(first.index.size)} alerts held in ${(ms(t) / 1000).toFixed(2)} s`);

    const rounds = { tick: [] as number[], rebuild: [] as number[], match: [] as number[], quiet: [] as number[] };
    let next = ALERTS;
    for (let round = 0; round < 3; round++) {
      t = performance.now();
      await cache(0, 1);
      rounds.quiet.push(ms(t));
      // The edits, as the web app makes them: one statement each.
      for (let e = 0; e < EDITS; e++) {
        const id = `churn_s${Math.floor(random() * ALERTS)}`;
        const kind = random();
        if (kind < 0.5) await db.subscription.updateMany({ where: { id }, data: { query: query() } });
        else if (kind < 0.7) await db.subscription.updateMany({ where: { id }, data: { paused: random() < 0.5 } });
        else if (kind < 0.8) await db.subscription.deleteMany({ where: { id } });
        else if (kind < 0.98) {
          const subscriberId = `churn_r${Math.floor(random() * (ALERTS / 4))}`;
          await db.subscription.create({
            data: {
              id: `churn_s${next++}`,
              subscriberId,
              query: query(),
              frequency: 'IMMEDIATE',
              confirmedAt: new Date(confirmedAt),
              partition: partitionOf(subscriberId),
            },
          });
        } else
          await db.subscriber.updateMany({
            where: { id: `churn_r${Math.floor(random() * (ALERTS / 4))}` },
            data: { status: random() < 0.5 ? 'DISABLED' : 'ACTIVE' },
          });
      }
      t = performance.now();
      const held = await cache(0, 1);
      rounds.tick.push(ms(t));
      t = performance.now();
      const fresh = await createSubscriptionIndexCache(db)(0, 1);
      rounds.rebuild.push(ms(t));
      if (fresh.index.size !== held.index.size)
        throw new Error(`the index applied in place holds ${held.index.size} alerts, a fresh one ${fresh.index.size}`);
      t = performance.now();
      let pairs = 0;
      held.index.matchEach(questions, () => void pairs++);
      rounds.match.push(ms(t));
      say(`  round ${round + 1}: ${n(held.index.size)} alerts, ${n(pairs)} matches`);
    }
    say(`\nbench:churn: ${n(ALERTS)} alerts, ${n(EDITS)} edits between two ticks (median of 3)`);
    say(`  tick with no edits:            ${median(rounds.quiet).toFixed(0)} ms`);
    say(`  tick applying ${n(EDITS)} edits:    ${median(rounds.tick).toFixed(0)} ms`);
    say(`  full rebuild of the same:      ${median(rounds.rebuild).toFixed(0)} ms`);
    say(`  match ${n(questions.length)} answers (scale): ${median(rounds.match).toFixed(0)} ms`);
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
