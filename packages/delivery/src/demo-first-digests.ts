import type { Db } from '@alerts/db';
import { deliverJobs, type DeliverJob } from '@alerts/queue';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

// Daily and weekly alerts confirmed in the last hour that may receive mail, have matches waiting and none delivered
// yet: someone who left the form's default (daily) is waiting for their first email.
const FIRST_DIGESTS_OWED = `
  SELECT s.id, s."subscriberId", s.frequency::text AS frequency
  FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId"
  WHERE s.frequency IN ('DAILY', 'WEEKLY') AND s."confirmedAt" > now() - interval '1 hour' AND ${MAY_RECEIVE_MAIL_SQL}
    AND EXISTS (SELECT 1 FROM "Match" m WHERE m."subscriptionId" = s.id AND m."deliveredAt" IS NULL AND m."deliveryId" IS NULL)
    AND NOT EXISTS (SELECT 1 FROM "Match" m WHERE m."subscriptionId" = s.id AND m."deliveredAt" IS NOT NULL)
  ORDER BY s."confirmedAt" LIMIT 100`;

/**
 * Demo mode only (`alerts start`): the first digest of each daily or weekly alert confirmed in the last hour, due at
 * the next replay rather than at 07:00 tomorrow, so a newcomer who keeps the form's default frequency sees their
 * alert work within a minute, as they would an immediate one (replayAsNew releases its first matches). One digest
 * per alert (keyed `demo-first.<alert>`), carrying what a digest of that frequency would: every waiting match of the
 * subscriber's alerts of that frequency. Later digests come on the usual schedule.
 */
export async function findDemoFirstDigests(db: Db): Promise<DeliverJob[]> {
  const rows =
    await db.$queryRawUnsafe<{ id: string; subscriberId: string; frequency: 'DAILY' | 'WEEKLY' }[]>(FIRST_DIGESTS_OWED);
  return rows.map((row) => deliverJobs.digest(row.subscriberId, row.frequency, `demo-first.${row.id}`));
}
