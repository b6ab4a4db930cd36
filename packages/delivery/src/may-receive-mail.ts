/**
 * The one rule for "may this alert send mail?": the alert is confirmed, not paused and not disabled by an
 * administrator; its subscriber is ACTIVE; and the address is not suppressed (hard bounce, complaint, manual).
 * The matcher's index, delivery, digests, the immediate sweep and the admin pages all use it, so an alert that one of
 * them treats as live is live for all.
 */

/**
 * The rule as a SQL condition over `"Subscription" s` joined to `"Subscriber" r` (every query that uses it names the
 * two tables so).
 */
export const MAY_RECEIVE_MAIL_SQL = `s."confirmedAt" IS NOT NULL AND s.paused = false AND s."disabledAt" IS NULL
  AND r.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = r.email)`;

/**
 * The same rule for a follow of one question, over `"Follow" f` joined to `"Subscriber" r`: the follow is confirmed
 * and has not ended (nor passed its correction window); the subscriber part is the alerts' rule word for word.
 */
export const FOLLOW_MAY_RECEIVE_MAIL_SQL = `f."confirmedAt" IS NOT NULL AND f."endedAt" IS NULL AND (f."endsAt" IS NULL OR f."endsAt" > now())
  AND r.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = r.email)`;

/** The rule for rows already in hand. */
export function mayReceiveMail(
  subscription: { confirmedAt: Date | null; paused: boolean; disabledAt: Date | null },
  subscriber: { status: string },
  suppressed: boolean,
): boolean {
  return (
    subscription.confirmedAt !== null &&
    !subscription.paused &&
    subscription.disabledAt === null &&
    subscriber.status === 'ACTIVE' &&
    !suppressed
  );
}
