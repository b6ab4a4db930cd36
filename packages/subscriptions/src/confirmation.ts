import { createHash } from 'node:crypto';
import { fitDescription } from '@alerts/alert-rules';
import type { Db } from '@alerts/db';
import type { Frequency } from '@alerts/db';
import type { ConfirmationData, PendingAlert } from '@alerts/email';
import type { QueryNode } from '@alerts/matching';
import { understandQuery } from '@alerts/composition';
import { questionName } from '@alerts/composition';

/** A confirmation email lists at most this many alerts (the template's own limit). */
const MAX_LISTED = 100;

/** The request id follows from the delivery job's id, so a retried job updates its own row rather than adding one. */
function confirmationRequestId(dedupeKey: string): string {
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
    select: { id: true, query: true, frequency: true, includeTabled: true },
  });
  const follows = await pendingFollows(db, input.subscriberId, MAX_LISTED - pending.length);
  if (!pending.length && !follows.length) return null;
  const id = confirmationRequestId(input.dedupeKey);
  const subscriptionIds = pending.map((s) => s.id);
  const followIds = follows.map((f) => f.id);
  await db.confirmationRequest.upsert({
    where: { id },
    create: { id, subscriberId: input.subscriberId, subscriptionIds, followIds },
    update: { subscriptionIds, followIds },
  });
  return {
    id,
    alerts: pending.map(({ query, frequency, includeTabled }) => ({ query, frequency, includeTabled })),
    follows: follows.map((f) => f.description),
  };
}

/**
 * Unconfirmed follows of a question, named for the confirmation email by questionName: "Commons question 26882
 * (Schools: Finance)", or by the start of its words when it has no heading yet.
 */
async function pendingFollows(db: Db, subscriberId: string, take: number) {
  if (take <= 0) return [];
  const follows = await db.follow.findMany({
    where: { subscriberId, confirmedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take,
    select: { id: true, question: { select: { house: true, uin: true, heading: true, questionText: true } } },
  });
  return follows.map(({ id, question }) => ({ id, description: fitDescription(questionName(question)) }));
}

/** An alert waiting for confirmation: what the confirmation email is built from. */
export interface PendingAlertInput {
  query: string;
  frequency: Frequency;
  includeTabled: boolean;
}

/**
 * The confirmation email's data. It goes to an address whose owner has not asked for anything yet, so it carries no
 * text the requester wrote: alerts are described by the kinds of condition they have ("an alert on keywords and a
 * department") and how often they send, never by their query or label (issue #20); the confirm page shows those.
 * Followed questions are named by Parliament's own words.
 */
export function confirmationEmailData(input: {
  email: string;
  baseUrl: string;
  manageUrl: string;
  unsubscribeUrl: string;
  confirmUrl: string;
  alerts: readonly PendingAlertInput[];
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
    alerts: input.alerts.slice(0, MAX_LISTED).map((alert) => pendingAlert(alert, input.memberNames)),
    follows: (input.follows ?? []).map((description) => ({ description })).slice(0, MAX_LISTED),
  };
}

/** The kinds of condition in an alert's query, with none of its words. */
function pendingAlert(alert: PendingAlertInput, memberNames?: ReadonlyMap<number, string>): PendingAlert {
  const members: string[] = [];
  const summary: PendingAlert = {
    keywords: false,
    member: false,
    department: false,
    house: null,
    frequency: alert.frequency,
    askings: alert.includeTabled,
    members,
  };
  const visit = (node: QueryNode): void => {
    if (node.kind === 'word' || node.kind === 'phrase') summary.keywords = true;
    else if (node.kind === 'member') {
      summary.member = true;
      // A member's name is ours (the Members API's, or our bundled list's), never the requester's words.
      const name = memberNames?.get(node.memberId);
      if (name && !members.includes(name) && members.length < 3) members.push(name);
    } else if (node.kind === 'department') summary[node.kind] = true;
    else if (node.kind === 'house') summary.house = node.house;
    else if (node.kind === 'not') visit(node.child);
    else node.children.forEach(visit);
  };
  const parsed = understandQuery(alert.query).query;
  if (parsed) visit(parsed);
  else summary.keywords = true;
  return summary;
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
  await db.confirmationRequest.upsert({
    where: { id },
    create: { id, subscriberId, subscriptionIds: listed.map((s) => s.id) },
    update: {},
  });
  return id;
}

/**
 * A confirmation request with its subscriber and what it listed that is still waiting (the alerts with their query and
 * label, shown on the confirm page rather than in the email), or null when it is gone.
 */
export async function findConfirmation(db: Db, requestId: string) {
  const request = await db.confirmationRequest.findUnique({ where: { id: requestId }, include: { subscriber: true } });
  if (!request) return null;
  const alerts = await db.subscription.findMany({
    where: { id: { in: request.subscriptionIds }, subscriberId: request.subscriberId, confirmedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, query: true, label: true, frequency: true, includeTabled: true },
  });
  const follows = await db.follow.findMany({
    where: { id: { in: request.followIds }, subscriberId: request.subscriberId, confirmedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { question: { select: { id: true, house: true, uin: true, heading: true, questionText: true } } },
  });
  return {
    subscriber: request.subscriber,
    waiting: { alerts: alerts.length, follows: follows.length },
    alerts,
    follows: follows.map((f) => f.question),
  };
}

/** Confirm the subscriber and exactly the alerts and follows the request listed that are still waiting. */
export async function confirmRequest(db: Db, requestId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const request = await tx.confirmationRequest.findUniqueOrThrow({ where: { id: requestId } });
    const subscriber = await tx.subscriber.update({
      where: { id: request.subscriberId },
      data: { status: 'ACTIVE', confirmedAt: now },
    });
    const confirmed = await tx.subscription.updateMany({
      where: { id: { in: request.subscriptionIds }, subscriberId: request.subscriberId, confirmedAt: null },
      data: { confirmedAt: now },
    });
    // Follows the email listed are confirmed by the same link.
    const follows = await tx.follow.updateMany({
      where: { id: { in: request.followIds }, subscriberId: request.subscriberId, confirmedAt: null },
      data: { confirmedAt: now },
    });
    return { subscriber, confirmed: { alerts: confirmed.count, follows: follows.count } };
  });
}
