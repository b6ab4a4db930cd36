import { sqlPoolOf } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { addSubscription } from '@alerts/subscriptions';
import { loadDeliveryState } from './delivery-store';
import { loadRecentMatches } from './recent-matches';
import { explainingReads, timesScanned } from './testing/explain-reads';

// Readers of Match must not read an alert's history: an alert that has sent mail for months has thousands of
// delivered matches. An email's state read goes out once per email; before Match_delivery_idx it went through the
// unique index on (alert, question) and fetched every one of them. The Atom feed goes out each time a reader polls;
// before Match_feed_idx it fetched them all and sorted them by time to keep 50.

let t: TestDatabase;
let subscriberId: string;
let alertId: string;
beforeEach(async () => {
  t = await createTestDatabase();
  const { subscriber, subscription } = await addSubscription(t.db, {
    email: 'ann@example.com',
    query: 'schools',
    confirmed: true,
  });
  subscriberId = subscriber.id;
  alertId = subscription.id;
  // Six months of mail for this alert and 49 others (alerts of a subscriber of their own each): 10 matches a day,
  // stored that day, one row an alert, and delivered by that day's email; enough rows that PostgreSQL plans with its
  // indexes, as in production.
  const others = await Promise.all(
    Array.from({ length: 49 }, (_, i) =>
      addSubscription(t.db, { email: `reader${i}@example.com`, query: 'schools', confirmed: true }),
    ),
  );
  const alerts = [alertId, ...others.map((o) => o.subscription.id)];
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Match" ("subscriptionId", "questionIds", "createdAt", "deliveredAt", "deliveryId")
     SELECT a, ARRAY(SELECT d * 100 + k FROM generate_series(1, 10) k), now() - (200 - d) * interval '1 day',
       now() - (200 - d) * interval '1 day', 'old-' || d || '-' || a
     FROM generate_series(1, 180) d, unnest($1::text[]) a`,
    alerts,
  );
  // Today's: 12 matches stored already claimed by the immediate email a match job planned.
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Match" ("subscriptionId", "questionIds", "deliveryId")
     SELECT $1, ARRAY(SELECT 100000 + k FROM generate_series(1, 12) k), 'delivery-new'`,
    alertId,
  );
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Delivery" (id, "subscriberId", email, kind, frequency, status, "dedupeKey", "claimedAt", job)
     VALUES ('delivery-new', $1, 'ann@example.com', 'IMMEDIATE', 'IMMEDIATE', 'PENDING', 'immediate:new', now(), '{}')`,
    subscriberId,
  );
  await t.db.$executeRawUnsafe('ANALYZE "Match", "Delivery", "Subscription", "Subscriber"');
});
afterEach(async () => {
  await t.drop();
});

/** Runs `read` on one connection that counts the Match rows each statement reads, under either plan. */
async function countingReads<T>(read: (client: ReturnType<typeof explainingReads>) => Promise<T>) {
  const client = await sqlPoolOf(t.db).connect();
  const counts: number[] = [];
  try {
    return { result: await read(explainingReads(client, counts)), counts };
  } finally {
    client.release();
  }
}

it("an email's state reads its own matches, not the alert's history", async () => {
  const { result: state, counts } = await countingReads((client) =>
    loadDeliveryState(client, { subscriberId, deliveryId: 'delivery-new', frequency: 'IMMEDIATE', goodbyeEmail: null }),
  );
  expect(state.matches.map((m) => m.questionId).sort((a, b) => a - b)).toEqual(
    Array.from({ length: 12 }, (_, k) => 100001 + k),
  );
  // Its one row (12 matches) under either plan. When each match was a row of its own, read through the unique index
  // on (alert, question), it was all 1,812 of the alert's.
  expect(counts).toEqual([1, 1]);
});

it("an email's state looks the address up in Suppression once, not once per match", async () => {
  const client = await sqlPoolOf(t.db).connect();
  const scans: number[] = [];
  try {
    const state = await loadDeliveryState(explainingReads(client, scans, 'Suppression', timesScanned), {
      subscriberId,
      deliveryId: 'delivery-new',
      frequency: 'IMMEDIATE',
      goodbyeEmail: null,
    });
    expect(state.matches).toHaveLength(12);
  } finally {
    client.release();
  }
  // Once for the subscriber and once for their one alert, under either plan. Worked out per match row, it was 24:
  // twice for each of the 12 (PostgreSQL evaluated both EXISTS in every row of the result).
  expect(scans).toEqual([2, 2]);
});

it("the feed reads the alert's newest 50 matches, not its history", async () => {
  const { result: recent, counts } = await countingReads((client) => loadRecentMatches(client, alertId, 50));
  // Today's 12, then the newest days' (10 a day: days 180, 179 and 178, and 8 of day 177), newest first.
  expect(recent).toHaveLength(50);
  const times = recent.map((m) => m.createdAt.getTime());
  expect(times).toEqual([...times].sort((a, b) => b - a));
  expect(new Set(recent.slice(0, 12).map((m) => m.questionId))).toEqual(
    new Set(Array.from({ length: 12 }, (_, k) => 100001 + k)),
  );
  const days = recent.slice(12).map((m) => Math.floor(m.questionId / 100));
  expect(days).toEqual([...Array(10).fill(180), ...Array(10).fill(179), ...Array(10).fill(178), ...Array(8).fill(177)]);
  // 5 rows under either plan (today's and four days'); sorting the alert's matches by time read all of them.
  expect(counts).toEqual([5, 5]);
});
