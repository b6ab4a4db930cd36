import type { Db } from '@alerts/db';

/** Matches each alert is given a day, as a live alert of the bench's mix gets about ten a day in a sitting week. */
const PER_DAY = 10;

/**
 * BENCH_HISTORY_DAYS for bench:pipeline: `days` of mail already sent to each of the bench's subscribers (one alert
 * each, `bench_s<i>` of `bench_r<i>`), as a service that has been running that long holds it: per subscriber per
 * day one SENT immediate Delivery and 10 delivered matches of the stored (older) questions, dated that day. Stored
 * day by day, alert by alert within a day, as match jobs store them; then vacuumed and analysed, as autovacuum would
 * have by then. Without it the bench's alerts have never matched anything, and a read that grows with an alert's
 * history (Match_delivery_idx, Match_feed_idx) cannot show.
 */
export async function seedMatchHistory(db: Db, { subscribers, days }: { subscribers: number; days: number }) {
  const questions = await db.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM "Question" ORDER BY id`);
  if (questions.length < days * PER_DAY)
    throw new Error(
      `BENCH_HISTORY_DAYS=${days} needs ${days * PER_DAY} stored questions (10 new a day for each alert); there are ${questions.length}`,
    );
  const ids = questions.map((q) => q.id);
  for (let day = 1; day <= days; day++) {
    const sentAt = new Date(Date.now() - (days - day + 1) * 86_400_000);
    await db.$executeRawUnsafe(
      `INSERT INTO "Delivery" (id, "subscriberId", email, kind, frequency, status, "dedupeKey", "itemCount", "createdAt",
         "sentAt", "claimedAt")
       SELECT 'hist-' || $1::int || '-' || i, 'bench_r' || i, 'reader' || i || '@bench.example', 'IMMEDIATE',
         'IMMEDIATE', 'SENT', 'hist:' || $1::int || ':' || i, ${PER_DAY}, $3, $3, $3
       FROM generate_series(0, $2::int - 1) i`,
      day,
      subscribers,
      sentAt,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "Match" ("subscriptionId", "questionIds", "createdAt", "deliveredAt", "deliveryId")
       SELECT 'bench_s' || i, $4::int[], $3, $3, 'hist-' || $1::int || '-' || i
       FROM generate_series(0, $2::int - 1) i
       ORDER BY ('bench_s' || i) COLLATE "C"`,
      day,
      subscribers,
      sentAt,
      ids.slice((day - 1) * PER_DAY, day * PER_DAY),
    );
  }
  await db.$executeRawUnsafe('VACUUM ANALYZE "Match", "Delivery"');
  return { matches: subscribers * days * PER_DAY, deliveries: subscribers * days };
}
