import type { Db } from '@alerts/db';

/**
 * `count` subscribers (ids r1…, addresses reader1@bench.example…), each confirmed with one confirmed immediate email
 * alert of their own (ids s1…, query "schools"): the alerts the delivery benches give matches to.
 */
export async function seedOneAlertEach(db: Db, count: number): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO "Subscriber" (id, email, status, "confirmedAt", "updatedAt")
     SELECT 'r' || a, 'reader' || a || '@bench.example', 'ACTIVE', now(), now() FROM generate_series(1, $1::int) a`,
    count,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Subscription" (id, "subscriberId", query, frequency, "confirmedAt", partition, "updatedAt")
     SELECT 's' || a, 'r' || a, 'schools', 'IMMEDIATE', now(), 0, now() FROM generate_series(1, $1::int) a`,
    count,
  );
}
