import type { Db } from '@alerts/db';
import { OWED_CONFIRMATION_WINDOW_MS } from './owed-confirmations';

/**
 * Manage-link requests (requestManageLink) whose email has no Delivery row: the web request that recorded one died
 * before planning it. Keyed as deliverJobs.manageLink keys them, so one that was planned is never planned again.
 * Only requests of the last `OWED_CONFIRMATION_WINDOW_MS` (a link asked for two days ago is no longer awaited), and
 * only those older than `graceMs` (the request plans its own email a moment later).
 */
export async function findOwedManageLinks(
  db: Db,
  options: { now: Date; graceMs: number },
): Promise<{ subscriberId: string; requestId: string }[]> {
  return db.$queryRawUnsafe<{ subscriberId: string; requestId: string }[]>(
    `SELECT q."subscriberId", q.id AS "requestId" FROM "ManageLinkRequest" q
     WHERE q."createdAt" >= $1 AND q."createdAt" < $2
       AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."dedupeKey" = 'deliver.MANAGE_LINK.' || q."subscriberId" || '.' || q.id)`,
    new Date(options.now.getTime() - OWED_CONFIRMATION_WINDOW_MS),
    new Date(options.now.getTime() - options.graceMs),
  );
}

/** Requests older than the window the reconciler looks back over are of no further use (the limit counts an hour). */
export async function pruneManageLinkRequests(db: Db, now: Date): Promise<number> {
  return db.$executeRawUnsafe(
    `DELETE FROM "ManageLinkRequest" WHERE "createdAt" < $1`,
    new Date(now.getTime() - OWED_CONFIRMATION_WINDOW_MS),
  );
}
