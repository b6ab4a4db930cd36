import { sqlPoolOf } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { addSubscription } from '@alerts/subscriptions';
import { loadDeliveryState, type SqlClient } from './delivery-store';

// An email's state read must find the matches its delivery carries without reading the alert's history: an alert
// that has sent mail for months has thousands of delivered matches, and the read goes out once per email. Before
// Match_delivery_idx it went through the unique index on (alert, question) and fetched every one of them.

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

interface PlanNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** Rows of Match a plan read: those it kept and those it fetched only to throw away. */
function matchRowsRead(node: PlanNode): number {
  const own =
    node['Relation Name'] === 'Match'
      ? ((node['Actual Rows'] ?? 0) +
          (node['Rows Removed by Filter'] ?? 0) +
          (node['Rows Removed by Index Recheck'] ?? 0)) *
        (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + matchRowsRead(child), 0);
}

/**
 * A client that, before running each statement, has PostgreSQL run it under EXPLAIN ANALYZE as a prepared statement
 * with a custom plan and with a generic one (the mailer's named statement gets either), noting the Match rows each read.
 */
function explaining(client: SqlClient, read: number[]): SqlClient {
  // The state statement's parameters are text or null; as SQL literals (standard_conforming_strings is on).
  const literal = (value: unknown) => {
    if (value === null) return 'NULL';
    if (typeof value !== 'string') throw new Error(`unexpected parameter ${typeof value}`);
    return `'${value.replace(/'/g, "''")}'`;
  };
  return {
    async query(statement) {
      const values = (statement.values ?? []).map(literal);
      for (const mode of ['force_custom_plan', 'force_generic_plan']) {
        await client.query({ text: `SET plan_cache_mode = ${mode}` });
        await client.query({ text: `PREPARE probe AS ${statement.text}` });
        const { rows } = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>({
          text: `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE probe(${values.join(', ')})`,
        });
        read.push(matchRowsRead(rows[0]!['QUERY PLAN'][0]!.Plan));
        await client.query({ text: 'DEALLOCATE probe' });
      }
      await client.query({ text: 'RESET plan_cache_mode' });
      return client.query(statement);
    },
  };
}

it("an email's state reads its own matches, not the alert's history", async () => {
  const { subscriber, subscription } = await addSubscription(t.db, {
    email: 'ann@example.com',
    query: 'schools',
    confirmed: true,
  });
  // Six months of mail for this alert and 49 others (alerts of a subscriber of their own each): 10 matches a day,
  // each day's delivered by that day's email; enough rows that PostgreSQL plans with its indexes, as in production.
  const others = await Promise.all(
    Array.from({ length: 49 }, (_, i) =>
      addSubscription(t.db, { email: `reader${i}@example.com`, query: 'schools', confirmed: true }),
    ),
  );
  const alerts = [subscription.id, ...others.map((o) => o.subscription.id)];
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Match" ("subscriptionId", "questionId", "deliveredAt", "deliveryId")
     SELECT a, d * 100 + k, now() - (200 - d) * interval '1 day', 'old-' || d || '-' || a
     FROM generate_series(1, 180) d, unnest($1::text[]) a, generate_series(1, 10) k`,
    alerts,
  );
  // Today's: 12 matches stored already claimed by the immediate email a match job planned.
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Match" ("subscriptionId", "questionId", "deliveryId")
     SELECT $1, 100000 + k, 'delivery-new' FROM generate_series(1, 12) k`,
    subscription.id,
  );
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Delivery" (id, "subscriberId", email, kind, frequency, status, "dedupeKey", "claimedAt", job)
     VALUES ('delivery-new', $1, 'ann@example.com', 'IMMEDIATE', 'IMMEDIATE', 'PENDING', 'immediate:new', now(), '{}')`,
    subscriber.id,
  );
  await t.db.$executeRawUnsafe('ANALYZE "Match", "Delivery", "Subscription", "Subscriber"');

  const client = await sqlPoolOf(t.db).connect();
  const read: number[] = [];
  try {
    const state = await loadDeliveryState(explaining(client, read), {
      subscriberId: subscriber.id,
      deliveryId: 'delivery-new',
      frequency: 'IMMEDIATE',
      goodbyeEmail: null,
    });
    expect(state.matches.map((m) => m.questionId).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, k) => 100001 + k),
    );
  } finally {
    client.release();
  }
  // Its 12 matches under either plan; through the unique index on (alert, question) it was all 1,812 of the alert's.
  expect(read).toEqual([12, 12]);
});
