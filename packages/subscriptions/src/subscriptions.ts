import { randomUUID } from 'node:crypto';
import { checkAlertQuery, labelProblem } from '@alerts/alert-rules';
import type { Db, Frequency, Prisma } from '@alerts/db';
import { mailboxKey, normaliseEmail } from './email-address';
import { PipelineError } from './errors';
import { confirmFollows } from './follows';
import { partitionOf } from './partition';
import { lockMailboxUnderCap, type PendingCap } from './pending-cap';
import { checkedWebhookEndpoint, chosenWebhookFormat } from './webhooks/alert-webhook';
import type { ResolveHost } from './webhooks/endpoint';
import type { WebhookFormat } from './webhooks/format';
import { newWebhookSecret } from './webhooks/signature';

/**
 * Every write to subscriptions goes through this file (web, admin and CLI), so the address rule, the label rule,
 * the query rule and the per-address cap exist once.
 */
type Client = Db | Prisma.TransactionClient;

export interface AddSubscriptionInput {
  email: string;
  query: string;
  frequency?: Frequency;
  label?: string;
  /**
   * "Also tell me when such a question is asked (before it is answered)": the alert also announces matching
   * questions when they are tabled. Default false: answers only.
   */
  includeTabled?: boolean;
  /** Skip double opt-in (operator imports). Otherwise the subscription waits for the confirmation link. */
  confirmed?: boolean;
  now?: Date;
  /**
   * At most `max` unconfirmed alerts and follows per mailbox created in the last `perMs` (plus-addresses count with
   * their base); one more throws PipelineError('OVER_LIMIT') and stores nothing. Checked under a lock, so parallel
   * sign-ups cannot overshoot it (see lockMailboxUnderCap).
   */
  pendingCap?: PendingCap;
  /**
   * Send this alert's matches to an HTTPS endpoint instead of email (the WEBHOOK channel): checked here (public
   * HTTPS only, unless its host is in `allowHosts`), and the alert is immediate. The result carries the signing
   * secret, shown to the subscriber once. `format` left out: told from the URL's host (Slack, Teams, else JSON).
   */
  webhook?: { url: string; allowHosts: ReadonlySet<string>; resolve?: ResolveHost; format?: WebhookFormat };
}

/** Throws PipelineError (INVALID_QUERY, INVALID_LABEL) unless the query and label may be stored. */
function assertAlertText(query: string, label: string | undefined | null): void {
  const checked = checkAlertQuery(query.trim());
  if (!checked.ok)
    throw new PipelineError(
      'INVALID_QUERY',
      `invalid query at character ${checked.error.position + 1}: ${checked.error.message}`,
      true,
    );
  const problem = labelProblem(label?.trim() ?? '');
  if (problem) throw new PipelineError('INVALID_LABEL', problem, true);
}

/**
 * Save an alert. Everything is validated first (nothing is stored on error). A confirmed subscription only receives
 * questions that become answered (or, with includeTabled, are asked) after `confirmedAt`.
 */
export async function addSubscription(db: Db, input: AddSubscriptionInput) {
  const email = normaliseEmail(input.email);
  assertAlertText(input.query, input.label);
  if (input.webhook && input.frequency && input.frequency !== 'IMMEDIATE') {
    throw new PipelineError(
      'INVALID_WEBHOOK',
      'a webhook alert is immediate: each batch of answers is posted as it arrives',
      true,
    );
  }
  const endpoint = input.webhook ? await checkedWebhookEndpoint(input.webhook.url, input.webhook) : null;
  const now = input.now ?? new Date();
  const id = `sub_${randomUUID().replace(/-/g, '')}`;
  const key = mailboxKey(email);
  return db.$transaction(async (tx) => {
    // One writer per mailbox at a time: the cap's count and the insert cannot interleave with another sign-up's, and
    // two first sign-ups of one address cannot both try to create its subscriber.
    await lockMailboxUnderCap(tx, { key, cap: input.confirmed ? undefined : input.pendingCap, now });
    const subscriber = await tx.subscriber.upsert({
      where: { email },
      create: {
        email,
        mailbox: key,
        status: input.confirmed ? 'ACTIVE' : 'PENDING',
        confirmedAt: input.confirmed ? now : null,
      },
      update: input.confirmed ? { status: 'ACTIVE', confirmedAt: now } : {},
    });
    const subscription = await tx.subscription.create({
      data: {
        id,
        subscriberId: subscriber.id,
        query: input.query.trim(),
        label: input.label?.trim() || null,
        frequency: endpoint ? 'IMMEDIATE' : (input.frequency ?? 'DAILY'),
        includeTabled: input.includeTabled ?? false,
        confirmedAt: input.confirmed ? now : null,
        partition: partitionOf(subscriber.id),
        channel: endpoint ? 'WEBHOOK' : 'EMAIL',
        ...(endpoint
          ? {
              webhook: {
                create: {
                  url: endpoint.url.href,
                  format: chosenWebhookFormat(endpoint.url, input.webhook?.format),
                  secret: newWebhookSecret(),
                },
              },
            }
          : {}),
      },
      include: { webhook: true },
    });
    return {
      subscriber,
      subscription,
      needsConfirmation: !input.confirmed,
      webhookSecret: subscription.webhook?.secret ?? null,
    };
  });
}

/**
 * Change an alert's query, label, frequency and whether it also announces askings (the manage page's edit),
 * validated like a new one. `includeTabled` left out keeps the alert's setting.
 */
export async function updateSubscription(
  db: Client,
  input: {
    subscriberId: string;
    id: string;
    query: string;
    label?: string | null;
    frequency: Frequency;
    includeTabled?: boolean;
  },
) {
  assertAlertText(input.query, input.label);
  if (
    input.frequency !== 'IMMEDIATE' &&
    (await db.subscription.count({ where: { id: input.id, subscriberId: input.subscriberId, channel: 'WEBHOOK' } }))
  ) {
    throw new PipelineError(
      'INVALID_WEBHOOK',
      'a webhook alert is immediate: each batch of answers is posted as it arrives',
      true,
    );
  }
  const { count } = await db.subscription.updateMany({
    where: { id: input.id, subscriberId: input.subscriberId },
    data: {
      query: input.query.trim(),
      label: input.label?.trim() || null,
      frequency: input.frequency,
      ...(input.includeTabled !== undefined ? { includeTabled: input.includeTabled } : {}),
    },
  });
  if (!count) throw new PipelineError('NOT_FOUND', `no subscription with id ${input.id}`, true);
}

/** Pause or resume one alert of a subscriber. */
export async function setSubscriptionPaused(db: Client, input: { subscriberId: string; id: string; paused: boolean }) {
  const { count } = await db.subscription.updateMany({
    where: { id: input.id, subscriberId: input.subscriberId },
    data: { paused: input.paused },
  });
  if (!count) throw new PipelineError('NOT_FOUND', `no subscription with id ${input.id}`, true);
}

/** An operator's stop (admin): a disabled alert gets nothing until enabled again. */
export async function setSubscriptionDisabled(db: Client, input: { id: string; disabled: boolean; now?: Date }) {
  const { count } = await db.subscription.updateMany({
    where: { id: input.id },
    data: { disabledAt: input.disabled ? (input.now ?? new Date()) : null },
  });
  if (!count) throw new PipelineError('NOT_FOUND', `no subscription with id ${input.id}`, true);
}

/** Delete one alert and its undelivered matches; with `subscriberId`, only if it is theirs. */
export async function removeSubscription(
  db: Client,
  id: string,
  options: { subscriberId?: string } = {},
): Promise<void> {
  const deleted = await db.subscription.deleteMany({
    where: { id, ...(options.subscriberId ? { subscriberId: options.subscriberId } : {}) },
  });
  if (!deleted.count) throw new PipelineError('NOT_FOUND', `no subscription with id ${id}`, true);
}

/** Delete every alert of a subscriber; returns how many were deleted. */
export async function removeAllSubscriptions(db: Client, subscriberId: string): Promise<number> {
  const { count } = await db.subscription.deleteMany({ where: { subscriberId } });
  return count;
}

/**
 * "Invalidate my old links": bump the subscriber's tokenVersion, so every manage and confirm link signed before
 * stops working (410). Unsubscribe links keep working by design. Returns the subscriber with the new version.
 */
export function revokeLinks(db: Client, subscriberId: string) {
  return db.subscriber.update({ where: { id: subscriberId }, data: { tokenVersion: { increment: 1 } } });
}

/** Unconfirmed alerts are deleted after this many days: the confirmation link expires then too. */
export const UNCONFIRMED_SIGNUP_DAYS = 7;

/**
 * Delete alerts left unconfirmed for UNCONFIRMED_SIGNUP_DAYS, then subscribers that never confirmed and have no
 * alert left, and confirmation requests as old. Safe to run from several processes at once.
 */
export async function expireUnconfirmedSignups(db: Db, now = new Date()) {
  const before = new Date(now.getTime() - UNCONFIRMED_SIGNUP_DAYS * 24 * 3600 * 1000);
  const subscriptions = await db.subscription.deleteMany({ where: { confirmedAt: null, createdAt: { lt: before } } });
  // Unconfirmed follows of a question expire the same way (their confirmation link has expired too).
  await db.follow.deleteMany({ where: { confirmedAt: null, createdAt: { lt: before } } });
  const subscribers = await db.subscriber.deleteMany({
    where: { status: 'PENDING', createdAt: { lt: before }, subscriptions: { none: {} }, follows: { none: {} } },
  });
  // Their links have expired too (same lifetime), so the record of what each email listed is no longer needed.
  await db.confirmationRequest.deleteMany({ where: { createdAt: { lt: before } } });
  return { subscriptions: subscriptions.count, subscribers: subscribers.count };
}

/**
 * Confirm a subscriber and every pending alert of theirs. For operators and tests only: the confirmation link uses
 * `confirmRequest`, which confirms just what its email listed.
 */
export async function confirmSubscriber(db: Db, subscriberId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.update({
      where: { id: subscriberId },
      data: { status: 'ACTIVE', confirmedAt: now },
    });
    const confirmed = await tx.subscription.updateMany({
      where: { subscriberId, confirmedAt: null },
      data: { confirmedAt: now },
    });
    const follows = await confirmFollows(tx, subscriberId, now);
    return { subscriber, confirmed: confirmed.count + follows };
  });
}

export async function listSubscriptions(db: Db, filter: { email?: string } = {}) {
  return db.subscription.findMany({
    where: filter.email ? { subscriber: { email: normaliseEmail(filter.email) } } : {},
    include: {
      subscriber: { select: { email: true, status: true } },
      webhook: { select: { url: true, disabledAt: true } },
    },
    orderBy: { createdAt: 'asc' },
  });
}
