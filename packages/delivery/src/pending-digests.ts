import type { Db } from '@alerts/db';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

/**
 * Subscribers who have undelivered matches on alerts of this frequency that may receive mail: each gets one
 * delivery job for the run. Delivery checks the same rule again when it sends. Reads unclaimed matches only, through
 * their partial index (Match_unclaimed_idx), so a run's planning does not grow with history.
 */
export async function subscribersWithPendingMatches(
  db: Pick<Db, '$queryRawUnsafe'>,
  frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY',
): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ subscriberId: string }[]>(
    `SELECT DISTINCT s."subscriberId"
     FROM "Match" m
     JOIN "Subscription" s ON s.id = m."subscriptionId"
     JOIN "Subscriber" r ON r.id = s."subscriberId"
     WHERE m."deliveredAt" IS NULL AND m."deliveryId" IS NULL AND s.frequency = $1::"Frequency" AND ${MAY_RECEIVE_MAIL_SQL}`,
    frequency,
  );
  return rows.map((r) => r.subscriberId);
}
