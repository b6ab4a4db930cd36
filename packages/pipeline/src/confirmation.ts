import { createHash } from 'node:crypto';
import type { Db } from '@alerts/db';
import type { ConfirmationData } from '@alerts/email';
import { fitDescription } from './alert-text';
import { describeStored } from './compose-alert-email';

/** A confirmation email lists at most this many alerts (the template's own limit). */
const MAX_LISTED = 100;

/** The request id follows from the delivery job's id, so a retried job updates its own row rather than adding one. */
export function confirmationRequestId(dedupeKey: string): string {
  return `cfr_${createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 24)}`;
}

/**
 * Record which pending alerts a confirmation email is about to list, and return them with the request's id (the
 * confirm token's subject). Null when nothing is pending. The link in that email confirms these and no others, so
 * an alert someone else adds for the address later is never confirmed by an older email (issue #14).
 */
export async function prepareConfirmation(db: Db, input: { subscriberId: string; dedupeKey: string }) {
  const pending = await db.subscription.findMany({
    where: { subscriberId: input.subscriberId, confirmedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: MAX_LISTED,
    select: { id: true, query: true },
  });
  const follows = await pendingFollows(db, input.subscriberId, MAX_LISTED - pending.length);
  if (!pending.length && !follows.length) return null;
  const id = confirmationRequestId(input.dedupeKey);
  const subscriptionIds = pending.map((s) => s.id);
  const followIds = follows.map((f) => f.id);
  await db.confirmationRequest.upsert({ where: { id }, create: { id, subscriberId: input.subscriberId, subscriptionIds, followIds }, update: { subscriptionIds, followIds } });
  return { id, queries: pending.map((s) => s.query), follows: follows.map((f) => f.description) };
}

/** Unconfirmed follows of a question, named for the confirmation email ("Commons question 26882 (Schools: Finance)"). */
async function pendingFollows(db: Db, subscriberId: string, take: number) {
  if (take <= 0) return [];
  const follows = await db.follow.findMany({
    where: { subscriberId, confirmedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take,
    select: { id: true, question: { select: { house: true, uin: true, heading: true } } },
  });
  return follows.map(({ id, question: q }) => ({
    id,
    description: fitDescription(`${q.house} question ${q.uin}${q.heading ? ` (${q.heading})` : ''}`),
  }));
}

/**
 * The confirmation email's data. Alerts are listed by their description only: the free-text label is left out, so
 * a stranger cannot use sign-up to send their own words to any address (issue #14).
 */
export function confirmationEmailData(input: {
  email: string; baseUrl: string; manageUrl: string; unsubscribeUrl: string; confirmUrl: string; queries: readonly string[];
  /** Followed questions by name, listed after the alerts. */
  follows?: readonly string[];
  /** Names of the members the queries name (see memberNamesOf): "asked or answered by Jeremy Corbyn". */
  memberNames?: ReadonlyMap<number, string>;
}): ConfirmationData {
  return {
    recipientEmail: input.email,
    baseUrl: input.baseUrl,
    manageUrl: input.manageUrl,
    unsubscribeUrl: input.unsubscribeUrl,
    confirmUrl: input.confirmUrl,
    alerts: input.queries.map((query) => ({ description: fitDescription(describeStored(query, input.memberNames)) })).slice(0, MAX_LISTED),
    follows: (input.follows ?? []).map((description) => ({ description })).slice(0, MAX_LISTED),
  };
}

/**
 * Confirm links signed before confirmation requests existed name the subscriber instead. Record, once, a request for
 * the alerts that were pending when such a link was signed (`signedAt`), so it still works but never confirms an
 * alert added after its email. Returns the request id, or null when the subscriber is gone.
 */
export async function adoptLegacyConfirmation(db: Db, subscriberId: string, signedAt: Date): Promise<string | null> {
  const id = `cfr_legacy_${subscriberId}_${Math.floor(signedAt.getTime() / 1000)}`;
  if (await db.confirmationRequest.findUnique({ where: { id }, select: { id: true } })) return id;
  if (!(await db.subscriber.findUnique({ where: { id: subscriberId }, select: { id: true } }))) return null;
  const listed = await db.subscription.findMany({
    where: { subscriberId, confirmedAt: null, createdAt: { lte: signedAt } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: MAX_LISTED,
    select: { id: true },
  });
  await db.confirmationRequest.upsert({ where: { id }, create: { id, subscriberId, subscriptionIds: listed.map((s) => s.id) }, update: {} });
  return id;
}

/** A confirmation request with its subscriber and the listed alerts still waiting, or null when it is gone. */
export async function findConfirmation(db: Db, requestId: string) {
  const request = await db.confirmationRequest.findUnique({ where: { id: requestId }, include: { subscriber: true } });
  if (!request) return null;
  const waiting = {
    alerts: await db.subscription.count({ where: { id: { in: request.subscriptionIds }, subscriberId: request.subscriberId, confirmedAt: null } }),
    follows: await db.follow.count({ where: { id: { in: request.followIds }, subscriberId: request.subscriberId, confirmedAt: null } }),
  };
  return { subscriber: request.subscriber, waiting };
}

/** Confirm the subscriber and exactly the alerts and follows the request listed that are still waiting. */
export async function confirmRequest(db: Db, requestId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const request = await tx.confirmationRequest.findUniqueOrThrow({ where: { id: requestId } });
    const subscriber = await tx.subscriber.update({ where: { id: request.subscriberId }, data: { status: 'ACTIVE', confirmedAt: now } });
    const confirmed = await tx.subscription.updateMany({ where: { id: { in: request.subscriptionIds }, subscriberId: request.subscriberId, confirmedAt: null }, data: { confirmedAt: now } });
    // Follows the email listed are confirmed by the same link.
    const follows = await tx.follow.updateMany({ where: { id: { in: request.followIds }, subscriberId: request.subscriberId, confirmedAt: null }, data: { confirmedAt: now } });
    return { subscriber, confirmed: { alerts: confirmed.count, follows: follows.count } };
  });
}
