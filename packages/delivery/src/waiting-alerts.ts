import type { Db } from '@alerts/db';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

// Confirmed in the last hour, may receive mail, and nothing matched yet: someone is waiting for their first email.
const WAITING_ALERTS = `
  SELECT s.query FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId"
  WHERE s."confirmedAt" > now() - interval '1 hour' AND ${MAY_RECEIVE_MAIL_SQL}
    AND NOT EXISTS (SELECT 1 FROM "Match" m WHERE m."subscriptionId" = s.id)
  ORDER BY s."confirmedAt" DESC LIMIT 20`;

/**
 * The queries of the alerts confirmed in the last hour that may receive mail and have matched nothing yet, newest
 * first, at most 20: demo mode's replay releases a few answers for each (replayAsNew). Here because it needs the rule
 * of who may receive mail, which stays in this package.
 */
export async function findWaitingAlertQueries(db: Pick<Db, '$queryRawUnsafe'>): Promise<string[]> {
  return (await db.$queryRawUnsafe<{ query: string }[]>(WAITING_ALERTS)).map((row) => row.query);
}
