import { createSqlPool } from '@alerts/db';
import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { recordSentGroup, type SentRecord } from '@alerts/send-and-record';
import { addSubscription } from '@alerts/subscriptions';
import { explainingReads } from './testing/explain-reads';

// The statement that records emails sent runs ~22,000 times a batch at 100,000 subscribers, on the mailer's sender
// thread. Left to PostgreSQL's plan cache it was planned afresh nearly every time (pg_stat_statements in
// bench:pipeline: 3,654 plans for 4,311 calls, ~0.55 ms each), because a custom plan sees how short each call's
// arrays are and always looks cheaper than the generic one. The sender's pool forces the generic plan
// (createSqlPool's genericPlans). These tests show that plan reads no more than the matches it marks, whatever the
// alert's history, and that the pool's sessions really use it.

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

/** An alert with 2,000 matches delivered long ago (history, analysed) and `claimed` matches claimed by each delivery. */
async function alertWithHistory(deliveries: string[], claimed: number) {
  const { subscriber, subscription } = await addSubscription(t.db, {
    email: 'ann@example.com',
    query: 'schools',
    confirmed: true,
  });
  await t.db.$executeRawUnsafe(
    `INSERT INTO "Match" ("subscriptionId", "questionIds", "deliveryId", "deliveredAt", "createdAt")
     SELECT $1, ARRAY[q], 'old-' || (q / 40), now() - interval '60 days', now() - interval '60 days'
     FROM generate_series(100001, 102000) q`,
    subscription.id,
  );
  const records: SentRecord[] = [];
  for (const [n, deliveryId] of deliveries.entries()) {
    const ids = await t.db.$queryRawUnsafe<{ id: bigint }[]>(
      `INSERT INTO "Match" ("subscriptionId", "questionIds", "deliveryId")
       SELECT $1, ARRAY[q], $2 FROM generate_series($3::int, $3::int + $4::int - 1) q RETURNING id`,
      subscription.id,
      deliveryId,
      1 + n * claimed,
      claimed,
    );
    records.push({
      deliveryId,
      dedupeKey: `immediate:${deliveryId}`,
      subscriberId: subscriber.id,
      email: 'ann@example.com',
      kind: 'IMMEDIATE',
      frequency: 'IMMEDIATE',
      messageId: `<${deliveryId}@alerts.test>`,
      sentAt: new Date(),
      matchIds: ids.map((row) => row.id.toString()),
      items: ids.length,
    });
  }
  await t.db.$executeRawUnsafe('ANALYZE "Match"');
  return records;
}

it.each([
  ['one email', ['delivery-1']],
  ['a group of three', ['delivery-1', 'delivery-2', 'delivery-3']],
])('recording %s reads only the matches it marks delivered, under either plan', async (_, deliveries) => {
  const records = await alertWithHistory(deliveries, 40);
  const pool = createSqlPool({ url: t.url, poolSize: 1 });
  const client = await pool.connect();
  try {
    const read: number[] = [];
    await recordSentGroup(explainingReads(client, read), records);
    // Custom, then generic: each reads the carried matches by primary key, not the alert's 2,000 delivered ones.
    expect(read).toHaveLength(2);
    for (const rows of read) expect(rows).toBeLessThanOrEqual(40 * deliveries.length);
  } finally {
    client.release();
    await pool.end();
  }
  const delivered = await t.db.match.count({ where: { deliveryId: { in: deliveries }, deliveredAt: { not: null } } });
  expect(delivered).toBe(40 * deliveries.length);
});

it('a pool made with genericPlans plans the record statement once per connection, not once per call', async () => {
  const deliveries = Array.from({ length: 24 }, (_, n) => `delivery-${n + 1}`);
  const records = await alertWithHistory(deliveries, 3);
  const plans = async (genericPlans: boolean) => {
    await t.db.$executeRawUnsafe(`UPDATE "Match" SET "deliveredAt" = NULL WHERE "deliveryId" LIKE 'delivery-%'`);
    const pool = createSqlPool({ url: t.url, poolSize: 1, genericPlans });
    const client = await pool.connect();
    try {
      // Twelve records one at a time, then twelve in groups of two, as group commit sends them.
      for (const record of records.slice(0, 12)) await recordSentGroup(client, [record]);
      for (let i = 12; i < 24; i += 2) await recordSentGroup(client, records.slice(i, i + 2));
      const { rows } = await client.query<{ name: string; generic: string; custom: string }>({
        text: `SELECT name, generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements
               WHERE name LIKE 'delivery-record-sent%' ORDER BY name`,
      });
      return rows.map((row) => `${row.name}: ${row.generic} generic, ${row.custom} custom`);
    } finally {
      client.release();
      await pool.end();
    }
  };
  expect(await plans(true)).toEqual([
    'delivery-record-sent: 12 generic, 0 custom',
    'delivery-record-sent-group: 6 generic, 0 custom',
  ]);
  // Without it PostgreSQL plans each of the first five calls afresh, and, on this statement, every one after them.
  expect(await plans(false)).toEqual([
    'delivery-record-sent: 0 generic, 12 custom',
    'delivery-record-sent-group: 0 generic, 6 custom',
  ]);
});
