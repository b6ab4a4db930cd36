import type { Db } from '@alerts/db';
import { buildMessage, isEmailError, type EmailRenderer, type RenderedEmail } from '@alerts/email';
import { deliverJobSchema, deliveryKey, type DeliverJob } from '@alerts/queue';
import { composeAlertEmail } from './compose-alert-email';
import { confirmationEmailData, prepareConfirmation } from './confirmation';
import { memberNamesOf } from './member-names';
import { composeFollowDelivery } from './deliver-follow';
import { loadDeliveryRow, loadDeliveryState, type SentRecord, type SqlClient } from './delivery-store';
import { deliveryIdFor, planDeliveries, recordDeliveryFailure, recordDeliverySkipped } from './delivery-ledger';
import { PipelineError } from './errors';
import { SentNotRecordedError, type SendAndRecord } from './send-and-record';
import { tokenLinks, type DeliveryConfig } from './pipeline-config';
import { deliverWebhook } from './webhooks/deliver-webhook';
import { webhookDisabledNotice } from './webhooks/disabled-notice';
import type { QuestionCardsCache } from './question-cards-cache';
import type { SubscriberLocks } from './subscriber-locks';

export interface DeliverDeps {
  db: Db;
  renderer: EmailRenderer;
  config: DeliveryConfig;
  /** Question details shared by the emails of a process (see createQuestionCardsCache). */
  cards: QuestionCardsCache;
  /**
   * How a message is sent and its delivery recorded: `createSendAndRecord` on this thread, or in the mailer process
   * its sender thread's (see workers/mailer), whose event loop does nothing else.
   */
  sendAndRecord: SendAndRecord;
  /** Held while an email that carries matches is composed, sent and recorded (createSubscriberLocks). */
  locks: SubscriberLocks;
}

export type DeliverOutcome =
  | { status: 'sent'; deliveryId: string; items: number; messageId: string }
  | { status: 'already-sent'; deliveryId: string }
  /** The send failed for now (SMTP down, a 4xx): the delivery is still owed, and due again at `retryAt`. */
  | { status: 'deferred'; deliveryId: string; retryAt: Date; error: string }
  /** It failed for too long (DELIVERY_GIVE_UP_HOURS) and is marked FAILED, for an admin to see. */
  | { status: 'gave-up'; deliveryId: string; error: string }
  | { status: 'nothing-to-send' }
  | { status: 'skipped'; reason: string };


/**
 * Plan and send one email in this process: the Delivery row is written if it is not there yet, then sent as a job
 * would send it. For in-process callers (`alerts run-once`, tests) and for jobs queued before the ledger existed.
 */
export async function deliver(deps: DeliverDeps, job: DeliverJob): Promise<DeliverOutcome> {
  await planDeliveries(deps.db, [job], { leaseMs: 0 });
  return deliverPlanned(deps, deliveryIdFor(deliveryKey(job)));
}

/**
 * Send one planned delivery (a Delivery row), exactly once as far as SMTP allows:
 * - a row already SENT (a retried or repeated job) stops here; a final one (skipped, failed, suppressed) too;
 * - an email that carries matches claims them on its first attempt and notes them on its row: every retry sends
 *   exactly those, under the same Message-ID (the row's id), so a duplicate is always recognisable;
 * - the matches are marked delivered in the statement that records the row SENT; the only window for a duplicate is
 *   a crash between the server's acceptance and that statement;
 * - everything is done holding the subscriber's lock (deps.locks), so two deliveries of one subscriber never claim
 *   at once, and two jobs of one row never both send.
 * A failed send is recorded on the row: due again after a backoff, or given up after DELIVERY_GIVE_UP_HOURS.
 * A digest is never empty: with nothing to carry, the row is marked SKIPPED and nothing is sent.
 */
export async function deliverPlanned(deps: DeliverDeps, deliveryId: string): Promise<DeliverOutcome> {
  // Read on the mailer's own pool (node-postgres), not through Prisma: one query per email, so its cost counts.
  const row = await loadDeliveryRow(deps.locks.pool, deliveryId);
  if (!row) return { status: 'skipped', reason: 'no such delivery' };
  if (row.status === 'SENT') return { status: 'already-sent', deliveryId };
  if (row.status !== 'PENDING') return { status: 'skipped', reason: `delivery is ${row.status.toLowerCase()}` };
  const parsed = deliverJobSchema.safeParse(row.job);
  if (!parsed.success) {
    await recordDeliverySkipped(deps.db, deliveryId, 'the delivery names no work it can do');
    return { status: 'skipped', reason: 'the delivery names no work it can do' };
  }
  const job = parsed.data;
  const outcome = await deps.locks.hold(job.subscriberId, (client) =>
    job.kind === 'FOLLOW'
      ? deliverFollowOn(deps, client, job, deliveryId, row.dedupeKey)
      : job.kind === 'WEBHOOK'
        ? deliverWebhook(deps, client, job, { deliveryId, dedupeKey: row.dedupeKey })
        : deliverOn(deps, client, job, { deliveryId, dedupeKey: row.dedupeKey, email: row.email }),
  );
  if (outcome.status === 'nothing-to-send' || outcome.status === 'skipped') {
    await recordDeliverySkipped(deps.db, deliveryId, outcome.status === 'skipped' ? outcome.reason : 'nothing to send');
  }
  return outcome;
}

async function deliverFollowOn(deps: DeliverDeps, client: SqlClient, job: Extract<DeliverJob, { kind: 'FOLLOW' }>, deliveryId: string, dedupeKey: string): Promise<DeliverOutcome> {
  const composed = await composeFollowDelivery(deps, client, job, dedupeKey);
  if (composed.status === 'already-sent') return { status: 'already-sent', deliveryId };
  if (composed.status !== 'compose') return composed;
  const delivery = { deliveryId, dedupeKey, subscriberId: composed.subscriberId, email: composed.email, kind: 'FOLLOW' as const, frequency: null };
  return sendAndRecordOrFail(deps, { delivery, rendered: composed.rendered, unsubscribeUrl: composed.unsubscribeUrl, matchIds: [], follow: composed.follow });
}

async function deliverOn(deps: DeliverDeps, client: SqlClient, job: DeliverJob, row: { deliveryId: string; dedupeKey: string; email: string }): Promise<DeliverOutcome> {
  const { db, config } = deps;
  const { deliveryId, dedupeKey } = row;
  const frequency: SentRecord['frequency'] = job.kind === 'IMMEDIATE' ? 'IMMEDIATE' : job.kind === 'DIGEST' ? job.frequency : null;
  // A goodbye's subscriber is gone: its address is on the row ('' once erased, and then there is nobody to write to).
  const goodbyeEmail = job.kind === 'GOODBYE' ? (job.email ?? row.email) || null : null;
  const state = await loadDeliveryState(client, { subscriberId: job.subscriberId, deliveryId, frequency, goodbyeEmail });
  if (state.alreadySent) return { status: 'already-sent', deliveryId };
  const { email, subscriber } = state;
  if (!email) return { status: 'skipped', reason: 'subscriber no longer exists' };
  if (state.suppressed) return { status: 'skipped', reason: 'address is suppressed' };
  const links = subscriber ? tokenLinks(config, subscriber) : null;

  let rendered: RenderedEmail;
  let matchIds: string[] = [];
  const releaseIds = state.unsendable;
  if (job.kind === 'DIGEST' || job.kind === 'IMMEDIATE') {
    if (!subscriber || subscriber.status !== 'ACTIVE' || !links) return { status: 'skipped', reason: 'subscriber is not active' };
    if (!state.matches.length) return { status: 'nothing-to-send' };
    matchIds = state.matches.map((m) => m.id);
    const memberNames = await memberNamesOf(db, state.matches.map((m) => m.query));
    rendered = await composeAlertEmail(deps, { kind: job.kind, email, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl, matches: state.matches, memberNames });
  } else if (job.kind === 'CONFIRMATION') {
    if (!subscriber || !links) return { status: 'skipped', reason: 'subscriber no longer exists' };
    // The link confirms exactly the alerts and follows this email lists (issue #14).
    const request = await prepareConfirmation(db, { subscriberId: subscriber.id, dedupeKey });
    if (!request) return { status: 'nothing-to-send' };
    const memberNames = await memberNamesOf(db, request.alerts.map((a) => a.query));
    rendered = deps.renderer.render('confirmation', confirmationEmailData({ email, baseUrl: config.baseUrl, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl, confirmUrl: links.confirmUrl(request.id), alerts: request.alerts, follows: request.follows, memberNames }));
  } else if (job.kind === 'MANAGE_LINK') {
    // Asked for at /manage: the link carries the subscriber's current token version, like every email's footer.
    if (!subscriber || !links) return { status: 'skipped', reason: 'subscriber no longer exists' };
    rendered = deps.renderer.render('manage-link', { recipientEmail: email, baseUrl: config.baseUrl, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl });
  } else if (job.kind === 'WEBHOOK_DISABLED') {
    if (!subscriber || !links) return { status: 'skipped', reason: 'subscriber no longer exists' };
    const notice = await webhookDisabledNotice(db, job.subscriptionId);
    if (!notice) return { status: 'skipped', reason: 'the webhook is enabled again, or gone' };
    rendered = deps.renderer.render('webhook-disabled', { recipientEmail: email, baseUrl: config.baseUrl, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl, ...notice });
  } else {
    rendered = deps.renderer.render('goodbye', { recipientEmail: email, baseUrl: config.baseUrl, resubscribeUrl: `${config.baseUrl}/alerts/new` });
  }

  const delivery = { deliveryId, dedupeKey, subscriberId: subscriber?.id ?? null, email, kind: job.kind, frequency };
  // A goodbye's subscriber is gone; their unsubscribe link still answers one-click with 200 (issue #14).
  const unsubscribeUrl = (links ?? tokenLinks(config, { id: job.subscriberId, tokenVersion: 0 })).unsubscribeUrl;
  return sendAndRecordOrFail(deps, { delivery, rendered, unsubscribeUrl, matchIds, releaseIds });
}

/** Build the message, send it and record it SENT (with its matches or its follow's progress), or record the failure. */
async function sendAndRecordOrFail(
  deps: DeliverDeps,
  input: {
    delivery: Omit<SentRecord, 'messageId' | 'sentAt' | 'matchIds' | 'releaseIds' | 'follow'>;
    rendered: RenderedEmail;
    unsubscribeUrl: string;
    matchIds: string[];
    releaseIds?: string[];
    follow?: SentRecord['follow'];
  },
): Promise<DeliverOutcome> {
  const { config, db } = deps;
  const { delivery, rendered, matchIds } = input;
  const { deliveryId, email } = delivery;
  const message = buildMessage({
    to: email,
    from: config.from,
    ...(config.envelopeFrom ? { envelopeFrom: config.envelopeFrom } : {}),
    rendered,
    unsubscribeUrl: input.unsubscribeUrl,
    ...(config.unsubscribeMailto ? { unsubscribeMailto: config.unsubscribeMailto } : {}),
    messageIdDomain: config.messageIdDomain,
    messageIdLocalPart: deliveryId,
    // Feedback-ID's kind: receivers' complaint rates then tell confirmations from digests.
    feedbackKind: (delivery.kind === 'DIGEST' ? `digest-${delivery.frequency}` : delivery.kind).toLowerCase().replace('_', '-'),
  });

  try {
    await deps.sendAndRecord(message, { ...delivery, messageId: message.messageId, sentAt: new Date(), matchIds, ...(input.releaseIds?.length ? { releaseIds: input.releaseIds } : {}), ...(input.follow ? { follow: input.follow } : {}) });
  } catch (error) {
    // Sent but not recorded: the retry finds the row still owed and sends again, with the same Message-ID and
    // matches. Nothing better is possible; say so loudly.
    if (error instanceof SentNotRecordedError) throw error;
    const permanent = isEmailError(error) && error.code === 'EMAIL_SEND_PERMANENT';
    // SMTP replies often quote the recipient: the address stays out of the row's error and of the job's outcome or
    // failure, which Redis keeps after the address is erased everywhere else.
    const detail = withoutAddress(String((error as Error).message ?? error), email).slice(0, 1000);
    const failure = await recordDeliveryFailure(db, { deliveryId, email, error: detail, permanent, policy: config.retry });
    if (permanent) throw new PipelineError('SEND_PERMANENT', `permanent failure; address suppressed: ${detail}`, true);
    return failure.status === 'PENDING' ? { status: 'deferred', deliveryId, retryAt: failure.retryAt, error: detail } : { status: 'gave-up', deliveryId, error: detail };
  }
  return { status: 'sent', deliveryId, items: matchIds.length, messageId: message.messageId };
}

/** `text` with every spelling of `email` (any case) replaced by `<recipient>`. */
function withoutAddress(text: string, email: string): string {
  if (!email) return text;
  return text.replace(new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '<recipient>');
}
