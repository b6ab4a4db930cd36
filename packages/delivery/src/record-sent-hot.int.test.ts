import { sqlPoolOf } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { recordSent, type SqlClient } from '@alerts/send-and-record';
import { addSubscription } from '@alerts/subscriptions';

// Marking a batch's matches delivered is one row update per match: millions per batch. It must be heap-only (HOT),
// writing no index entry; that needs room on the page (Match's fillfactor) and no index whose key or predicate reads
// a column the update changes. An index predicate that read "deliveredAt" once made every such update a full one.

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

/** Row updates of Match in the current transaction of `client`, and how many of them were heap-only. */
async function matchUpdates(client: SqlClient): Promise<{ updated: number; hot: number }> {
  const { rows } = await client.query<{ updated: string; hot: string }>({
    text: `SELECT n_tup_upd AS updated, n_tup_hot_upd AS hot FROM pg_stat_xact_user_tables WHERE relname = 'Match'`,
  });
  return { updated: Number(rows[0]!.updated), hot: Number(rows[0]!.hot) };
}

it('recording an email sent marks each of its matches delivered with a heap-only update', async () => {
  const { subscriber, subscription } = await addSubscription(t.db, {
    email: 'ann@example.com',
    query: 'schools',
    confirmed: true,
  });
  // As a match job stores them: already claimed by the immediate email it plans.
  const ids = await t.db.$queryRawUnsafe<{ id: bigint }[]>(
    `INSERT INTO "Match" ("subscriptionId", "questionIds", "deliveryId")
     SELECT $1, ARRAY[q], 'delivery-1' FROM generate_series(1, 40) q RETURNING id`,
    subscription.id,
  );
  const client = await sqlPoolOf(t.db).connect();
  try {
    await client.query({ text: 'BEGIN' });
    await recordSent(client, {
      deliveryId: 'delivery-1',
      dedupeKey: 'immediate:test',
      subscriberId: subscriber.id,
      email: 'ann@example.com',
      kind: 'IMMEDIATE',
      frequency: 'IMMEDIATE',
      messageId: '<delivery-1@alerts.test>',
      sentAt: new Date(),
      matchIds: ids.map((row) => row.id.toString()),
      items: ids.length,
    });
    // Nearly all: 40 rows fill a page and a half at fillfactor 50, and within one transaction (no pruning) the last
    // updates of the full page can run out of room. With an index reading a changed column, none would be.
    const { updated, hot } = await matchUpdates(client);
    expect(updated).toBe(40);
    expect(hot).toBeGreaterThanOrEqual(36);
    await client.query({ text: 'COMMIT' });
  } finally {
    client.release();
  }
  const delivered = await t.db.match.count({ where: { deliveryId: 'delivery-1', deliveredAt: { not: null } } });
  expect(delivered).toBe(40);
});
