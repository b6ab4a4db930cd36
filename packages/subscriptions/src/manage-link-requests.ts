import { randomUUID } from 'node:crypto';
import type { Db } from '@alerts/db';
import { mailboxKey, normaliseEmail } from './email-address';

/** At most `max` manage-link emails per mailbox (every address of it: Subscriber.mailbox) in `perMs`. */
export interface ManageLinkCap {
  max: number;
  perMs: number;
}

/**
 * "Email me my manage link": record a request for the subscriber `email` belongs to, or nothing. Null, with nothing
 * stored, when no subscriber has that address, when it is not an address at all, or when the mailbox has had
 * `cap.max` requests in the last `cap.perMs` (each one mails it). The caller answers the same in every case, so the
 * form cannot tell anyone whether an address subscribes. The row is recorded before its email is owed: the caller
 * plans it (deliverJobs.manageLink), and the reconciler plans any a crash left unplanned (findOwedManageLinks).
 */
export async function requestManageLink(
  db: Db,
  input: { email: string; cap: ManageLinkCap; now?: Date },
): Promise<{ subscriberId: string; requestId: string } | null> {
  let email: string;
  try {
    email = normaliseEmail(input.email);
  } catch {
    return null;
  }
  const now = input.now ?? new Date();
  const key = mailboxKey(email);
  return db.$transaction(async (tx) => {
    // One request per mailbox at a time (the same lock as sign-ups take), so two at once cannot both pass the cap.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 14))`;
    const subscriber = await tx.subscriber.findUnique({ where: { email }, select: { id: true } });
    if (!subscriber) return null;
    const since = new Date(now.getTime() - input.cap.perMs);
    const [row] = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "ManageLinkRequest" q JOIN "Subscriber" r ON r.id = q."subscriberId"
      WHERE (r.mailbox = ${key} OR r.id = ${subscriber.id}) AND q."createdAt" >= ${since}`;
    if ((row?.n ?? 0) >= input.cap.max) return null;
    const requestId = `mlr_${randomUUID().replace(/-/g, '')}`;
    await tx.manageLinkRequest.create({ data: { id: requestId, subscriberId: subscriber.id, createdAt: now } });
    return { subscriberId: subscriber.id, requestId };
  });
}
