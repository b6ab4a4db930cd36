import { sqlPoolOf } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { addSubscription } from '@alerts/subscriptions';
import { HAND_OUT_AGAIN, RENEW_LEASES } from './delivery-leases';
import { loadDeliveryState } from './delivery-store';
import { explainingReads } from './testing/explain-reads';

// bench:pipeline with 30 days of history found this: the statistics of a Delivery table of months of SENT rows say
// nothing is owed, and a match job then plans tens of thousands of owed (PENDING) emails at once, too few of the
// table's rows for autovacuum to analyse it again. Each email's state read then marked its delivery claimed by
// scanning every owed delivery through Delivery_pending_idx (the planner believed it held one row) instead of
// fetching it by id: 13–74 ms an email, the batch quadratic. A delivery must be found by its id whatever the stats.

let t: TestDatabase;
afterEach(async () => {
  await t.drop();
});

/** Months of SENT mail, analysed; then 2,000 owed emails (new-1 … new-2000) the statistics know nothing of. */
async function staleDeliveryStats() {
  t = await createTestDatabase();
  const { subscriber, subscription } = await addSubscription(t.db, {
    email: 'ann@example.com',
    query: 'schools',
    confirmed: true,
  });
  // Months of mail already sent, analysed as autovacuum would: no row owed.
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Delivery" (id, "subscriberId", email, kind, frequency, status, "dedupeKey", "createdAt", "sentAt")
     SELECT 'old-' || i, $1, 'ann@example.com', 'IMMEDIATE', 'IMMEDIATE', 'SENT', 'old:' || i, now(), now()
     FROM generate_series(1, 20000) i`,
    subscriber.id,
  );
  await t.db.$executeRawUnsafe('ANALYZE "Delivery"');
  // Then a batch's emails, owed and not analysed: 2,000 planned by a match job, each with its matches claimed.
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Delivery" (id, "subscriberId", email, kind, frequency, status, "dedupeKey", "dueAt", "claimedAt", job)
     SELECT 'new-' || i, $1, 'ann@example.com', 'IMMEDIATE', 'IMMEDIATE', 'PENDING', 'new:' || i, now(), now(), '{}'
     FROM generate_series(1, 2000) i`,
    subscriber.id,
  );
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Match" ("subscriptionId", "questionIds", "deliveryId") SELECT $1, ARRAY[1, 2, 3], 'new-1000'`,
    subscription.id,
  );
  return { subscriber, subscription };
}

it("an email's state finds its delivery by id, even when the statistics say nothing is owed", async () => {
  const { subscriber } = await staleDeliveryStats();
  const client = await sqlPoolOf(t.db).connect();
  const read: number[] = [];
  try {
    const state = await loadDeliveryState(explainingReads(client, read, 'Delivery'), {
      subscriberId: subscriber.id,
      deliveryId: 'new-1000',
      frequency: 'IMMEDIATE',
      goodbyeEmail: null,
    });
    expect(state.matches).toHaveLength(3);
  } finally {
    client.release();
  }
  // Under either plan: the delivery read (d), and again to note its claim; through the partial index of owed
  // deliveries it was every one of the 2,000.
  expect(read).toHaveLength(2);
  for (const rows of read) expect(rows).toBeLessThanOrEqual(2);
});

it("the reconciler's leases find their deliveries by id, even when the statistics say nothing is owed", async () => {
  await staleDeliveryStats();
  const client = await sqlPoolOf(t.db).connect();
  const read: number[] = [];
  const until = new Date(Date.now() + 60_000);
  try {
    const probe = explainingReads(client, read, 'Delivery');
    await probe.query({ text: RENEW_LEASES, values: [['new-10', 'new-20'], until] });
    await probe.query({ text: HAND_OUT_AGAIN, values: [['new-30'], [0], until] });
  } finally {
    client.release();
  }
  // Renewing two leases reads the two rows, handing one out again the one: under either plan. Through the partial
  // index of owed deliveries each read all 2,000.
  expect(read).toHaveLength(4);
  for (const rows of read.slice(0, 2)) expect(rows).toBeLessThanOrEqual(2);
  for (const rows of read.slice(2)) expect(rows).toBeLessThanOrEqual(1);
  const rows = await t.db.$queryRawUnsafe<{ id: string; dispatches: number; dueAt: Date }[]>(
    `SELECT id, dispatches, "dueAt" FROM "Delivery" WHERE id IN ('new-10', 'new-20', 'new-30', 'new-40') ORDER BY id`,
  );
  expect(rows.map((r) => [r.id, r.dispatches, r.dueAt.getTime() === until.getTime()])).toEqual([
    ['new-10', 0, true],
    ['new-20', 0, true],
    ['new-30', 1, true],
    ['new-40', 0, false],
  ]);
});
