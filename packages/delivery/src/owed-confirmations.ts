import type { Db } from '@alerts/db';

/** How far back a confirmation still owed is looked for: an unconfirmed sign-up older than this is not chased. */
export const OWED_CONFIRMATION_WINDOW_MS = 48 * 3600_000;

export interface OwedConfirmation {
  subscriberId: string;
  subscriptionId: string | null;
  followId: string | null;
}

/**
 * Alerts and follows saved unconfirmed (not turned away by the per-mailbox cap: those are never stored) whose
 * confirmation email has no Delivery row: the request that saved them died before planning it. Keyed as
 * deliverJobs.confirmation and deliverJobs.followConfirmation key them, so one that was planned is never planned
 * again. Only the last `OWED_CONFIRMATION_WINDOW_MS`, and only saves older than `graceMs` (the request that saved
 * one plans its email a moment later).
 */
export async function findOwedConfirmations(
  db: Db,
  options: { now: Date; graceMs: number },
): Promise<OwedConfirmation[]> {
  const to = new Date(options.now.getTime() - options.graceMs);
  const from = new Date(options.now.getTime() - OWED_CONFIRMATION_WINDOW_MS);
  return db.$queryRawUnsafe<OwedConfirmation[]>(
    `SELECT s."subscriberId", s.id AS "subscriptionId", NULL AS "followId" FROM "Subscription" s
     WHERE s."confirmedAt" IS NULL AND s."createdAt" >= $1 AND s."createdAt" < $2
       AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."dedupeKey" = 'deliver.CONFIRMATION.' || s."subscriberId" || '.' || s.id)
     UNION ALL
     SELECT f."subscriberId", NULL, f.id FROM "Follow" f
     WHERE f."confirmedAt" IS NULL AND f."createdAt" >= $1 AND f."createdAt" < $2
       AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."dedupeKey" = 'deliver.CONFIRMATION.' || f."subscriberId" || '.' || f.id)`,
    from,
    to,
  );
}
