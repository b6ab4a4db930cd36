import { createHash } from 'node:crypto';
import { sqlPoolOf, type Db } from '@alerts/db';
import { buildMessage, isEmailError, type EmailRenderer, type RenderedEmail } from '@alerts/email';
import type { DeliverJob } from '@alerts/queue';
import { composeAlertEmail } from './compose-alert-email';
import { confirmationEmailData, prepareConfirmation } from './confirmation';
import { composeFollowDelivery } from './deliver-follow';
import { loadDeliveryState, recordFailed, type SentRecord, type SqlClient } from './delivery-store';
import { PipelineError } from './errors';
import { SentNotRecordedError, type SendAndRecord } from './send-and-record';
import { tokenLinks, type DeliveryConfig } from './pipeline-config';
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
  | { status: 'nothing-to-send' }
  | { status: 'skipped'; reason: string };

/** The Delivery id follows from the job id, so the Message-ID is known before anything is written. */
export function deliveryIdFor(dedupeKey: string): string {
  return `dlv_${createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 24)}`;
}

/**
 * Send one email for one delivery job, exactly once as far as SMTP allows:
 * - the Delivery row is keyed by the job's id, so a retried job that already sent finds it SENT and stops;
 * - the matches sent are marked delivered in the same transaction that records the delivery as SENT, so a later
 *   run never sends them again. The only window for a duplicate is a crash between the server's acceptance and that
 *   commit; the Message-ID is the delivery id, so a duplicate is recognisable where it lands.
 * - an email that carries matches is sent holding the subscriber's lock (deps.locks), so a second job for
 *   the same subscriber (another partition's, the sweep's) waits, then finds those matches delivered.
 * A digest is never empty: with nothing undelivered, nothing is sent. Only alerts that may receive mail
 * (may-receive-mail.ts) contribute matches.
 */
export async function deliver(deps: DeliverDeps, job: DeliverJob, dedupeKey: string): Promise<DeliverOutcome> {
  // Jobs that send matches hold the subscriber's lock from reading the matches to recording them sent, so two jobs
  // for one subscriber never send the same match. Confirmation and goodbye carry no matches and need no lock.
  if (job.kind === 'IMMEDIATE' || job.kind === 'DIGEST') return deps.locks.hold(job.subscriberId, (client) => deliverOn(deps, client, job, dedupeKey));
  // A follow email moves its follow on (the last event it told of): under the same lock, so two jobs for one follow
  // (a holding answer's and the answer's) never both see it unmoved.
  if (job.kind === 'FOLLOW') return deps.locks.hold(job.subscriberId, (client) => deliverFollowOn(deps, client, job, dedupeKey));
  return deliverOn(deps, sqlPoolOf(deps.db), job, dedupeKey);
}

async function deliverFollowOn(deps: DeliverDeps, client: SqlClient, job: Extract<DeliverJob, { kind: 'FOLLOW' }>, dedupeKey: string): Promise<DeliverOutcome> {
  const deliveryId = deliveryIdFor(dedupeKey);
  const composed = await composeFollowDelivery(deps, client, job, dedupeKey);
  if (composed.status === 'already-sent') return { status: 'already-sent', deliveryId };
  if (composed.status !== 'compose') return composed;
  const delivery = { deliveryId, dedupeKey, subscriberId: composed.subscriberId, email: composed.email, kind: 'FOLLOW' as const, frequency: null };
  return sendAndRecordOrFail(deps, { delivery, rendered: composed.rendered, unsubscribeUrl: composed.unsubscribeUrl, matchIds: [], follow: composed.follow });
}

async function deliverOn(deps: DeliverDeps, client: SqlClient, job: DeliverJob, dedupeKey: string): Promise<DeliverOutcome> {
  const { db, config } = deps;
  const deliveryId = deliveryIdFor(dedupeKey);
  const frequency: SentRecord['frequency'] = job.kind === 'IMMEDIATE' ? 'IMMEDIATE' : job.kind === 'DIGEST' ? job.frequency : null;
  const state = await loadDeliveryState(client, { subscriberId: job.subscriberId, dedupeKey, frequency, goodbyeEmail: job.kind === 'GOODBYE' ? job.email : null });
  if (state.alreadySent) return { status: 'already-sent', deliveryId };
  const { email, subscriber } = state;
  if (!email) return { status: 'skipped', reason: 'subscriber no longer exists' };
  if (state.suppressed) return { status: 'skipped', reason: 'address is suppressed' };
  const links = subscriber ? tokenLinks(config, subscriber) : null;

  let rendered: RenderedEmail;
  let matchIds: string[] = [];
  if (job.kind === 'DIGEST' || job.kind === 'IMMEDIATE') {
    if (!subscriber || subscriber.status !== 'ACTIVE' || !links) return { status: 'skipped', reason: 'subscriber is not active' };
    if (!state.matches.length) return { status: 'nothing-to-send' };
    matchIds = state.matches.map((m) => m.id);
    rendered = await composeAlertEmail(deps, { kind: job.kind, email, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl, matches: state.matches });
  } else if (job.kind === 'CONFIRMATION') {
    if (!subscriber || !links) return { status: 'skipped', reason: 'subscriber no longer exists' };
    // The link confirms exactly the alerts and follows this email lists (issue #14).
    const request = await prepareConfirmation(db, { subscriberId: subscriber.id, dedupeKey });
    if (!request) return { status: 'nothing-to-send' };
    rendered = deps.renderer.render('confirmation', confirmationEmailData({ email, baseUrl: config.baseUrl, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl, confirmUrl: links.confirmUrl(request.id), queries: request.queries, follows: request.follows }));
  } else {
    rendered = deps.renderer.render('goodbye', { recipientEmail: email, baseUrl: config.baseUrl, resubscribeUrl: `${config.baseUrl}/alerts/new` });
  }

  const delivery = { deliveryId, dedupeKey, subscriberId: subscriber?.id ?? null, email, kind: job.kind, frequency };
  // A goodbye's subscriber is gone; their unsubscribe link still answers one-click with 200 (issue #14).
  const unsubscribeUrl = (links ?? tokenLinks(config, { id: job.subscriberId, tokenVersion: 0 })).unsubscribeUrl;
  return sendAndRecordOrFail(deps, { delivery, rendered, unsubscribeUrl, matchIds });
}

/** Build the message, send it and record it SENT (with its matches or its follow's progress), or record the failure. */
async function sendAndRecordOrFail(
  deps: DeliverDeps,
  input: { delivery: Omit<SentRecord, 'messageId' | 'sentAt' | 'matchIds' | 'follow'>; rendered: RenderedEmail; unsubscribeUrl: string; matchIds: string[]; follow?: SentRecord['follow'] },
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
    feedbackKind: (delivery.kind === 'DIGEST' ? `digest-${delivery.frequency}` : delivery.kind).toLowerCase(),
  });

  try {
    await deps.sendAndRecord(message, { ...delivery, messageId: message.messageId, sentAt: new Date(), matchIds, ...(input.follow ? { follow: input.follow } : {}) });
  } catch (error) {
    // Sent but not recorded: the retry finds no SENT row and sends again. Nothing better is possible; say so loudly.
    if (error instanceof SentNotRecordedError) throw error;
    const permanent = isEmailError(error) && error.code === 'EMAIL_SEND_PERMANENT';
    const detail = String((error as Error).message ?? error).slice(0, 1000);
    await recordFailed(db, { ...delivery, status: permanent ? 'SUPPRESSED' : 'FAILED', error: detail, itemCount: matchIds.length });
    if (permanent) throw new PipelineError('SEND_PERMANENT', `permanent failure; address suppressed: ${detail}`, true);
    throw new PipelineError('SEND_TRANSIENT', `transient failure, will retry: ${detail}`);
  }
  return { status: 'sent', deliveryId, items: matchIds.length, messageId: message.messageId };
}
