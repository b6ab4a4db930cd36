import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { PARTITION_COUNT, partitionOf } from './partition';
import { addSubscription } from './subscriptions';

let t: TestDatabase;
beforeAll(async () => (t = await createTestDatabase()));
afterAll(() => t.drop());

it('puts every alert of one subscriber in one partition, computed alike in TypeScript and in SQL (the migration)', async () => {
  for (const query of ['schools', 'NHS', 'police']) await addSubscription(t.db, { email: 'one@example.org', query });
  await addSubscription(t.db, { email: 'two@example.org', query: 'schools' });
  const rows = await t.db.$queryRawUnsafe<{ subscriberId: string; partition: number; inSql: number }[]>(
    // The expression of migration 20261205000100_partition_by_subscriber.
    `SELECT "subscriberId", partition, ((('x' || substr(md5("subscriberId"), 1, 4))::bit(16)::int) % ${PARTITION_COUNT}) AS "inSql" FROM "Subscription"`,
  );
  expect(rows).toHaveLength(4);
  for (const row of rows)
    expect([row.partition, row.inSql]).toEqual([partitionOf(row.subscriberId), partitionOf(row.subscriberId)]);
  const one = rows.filter((r) => r.subscriberId === rows[0]!.subscriberId);
  expect(new Set(one.map((r) => r.partition)).size).toBe(1);
  // Spread: ids that differ only slightly land far apart.
  const spread = new Set(Array.from({ length: 2000 }, (_, i) => partitionOf(`cmsubscriber${i}`)));
  expect(spread.size).toBeGreaterThan(800);
});
