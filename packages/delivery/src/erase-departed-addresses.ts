import type { Db } from '@alerts/db';

/**
 * How long a goodbye may stay owed (failing to send) after its subscriber was deleted before its address is erased
 * anyway, and the goodbye dropped. The stated bound of README's "Personal data": no address of a deleted subscriber
 * outlives it, and in the common case the address goes at the first reconcile tick after the goodbye is sent.
 */
export const GOODBYE_ADDRESS_KEPT_MS = 24 * 3600_000;

/** Rows erased per statement, so the first tick after an upgrade (years of old rows) is done in bounded steps. */
const BATCH = 5_000;

// A Delivery whose subscriber is gone (deleted: unsubscribe, "delete everything", an unconfirmed sign-up expiring)
// keeps its address only while it is an owed goodbye younger than the bound. Erasing blanks the address, drops it from
// the job (goodbyes queued before they stopped carrying it) and from the error text (SMTP replies quote it); an owed
// row of another kind could never be sent (nobody to send to), so it is closed as SKIPPED. Every SET expression reads
// the row before the update, so `error` is cleaned of the address being erased.
const ERASE_DELIVERIES = `
  UPDATE "Delivery" d SET email = '',
    job = CASE WHEN d.job ? 'email' THEN d.job - 'email' ELSE d.job END,
    error = CASE WHEN d.status = 'PENDING' THEN 'not sent: the subscriber is gone and the address erased' ELSE replace(d.error, d.email, '<recipient>') END,
    status = CASE WHEN d.status = 'PENDING' THEN 'SKIPPED' ELSE d.status END,
    "dueAt" = CASE WHEN d.status = 'PENDING' THEN NULL ELSE d."dueAt" END
  WHERE d.id IN (
    SELECT id FROM "Delivery"
    WHERE "subscriberId" IS NULL AND email <> '' AND (status <> 'PENDING' OR kind <> 'GOODBYE' OR "createdAt" < $1)
    LIMIT ${BATCH})`;

// Admin actions on an alert or a subscriber note the address they acted on; once no subscriber has it, it goes.
const ERASE_AUDIT = `
  UPDATE "AuditLog" a SET detail = a.detail - 'email'
  WHERE a.id IN (
    SELECT id FROM "AuditLog" l
    WHERE l.detail ? 'email' AND NOT EXISTS (SELECT 1 FROM "Subscriber" s WHERE s.email = l.detail->>'email')
    LIMIT ${BATCH})`;

/**
 * Erase the addresses of subscribers who are gone from the rows that still hold them: Delivery rows (once a goodbye
 * is final, or GOODBYE_ADDRESS_KEPT_MS after the unsubscribe whatever happened) and admin audit details. Run by the
 * reconciler on every tick; returns the rows changed. The Suppression list is not touched: an address there must
 * never be mailed again, which needs the address.
 */
export async function eraseDepartedAddresses(db: Db, now: Date): Promise<{ deliveries: number; auditEntries: number }> {
  const keptSince = new Date(now.getTime() - GOODBYE_ADDRESS_KEPT_MS);
  return {
    deliveries: await db.$executeRawUnsafe(ERASE_DELIVERIES, keptSince),
    auditEntries: await db.$executeRawUnsafe(ERASE_AUDIT),
  };
}
