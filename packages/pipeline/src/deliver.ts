import { createHash } from 'node:crypto';
import { sqlPoolOf, type Db } from '@alerts/db';
import { buildMessage, isEmailError, type EmailRenderer, type RenderedEmail } from '@alerts/email';
import type { DeliverJob } from '@alerts/queue';
import { composeAlertEmail, type PendingMatch } from './compose-alert-email';
import { confirmationEmailData, prepareConfirmation } from './confirmation';
import { PipelineError } from './errors';
import { SentNotRecordedError, type SendAndRecord } from './send-and-record';
import { tokenLinks, type DeliveryConfig } from './pipeline-config';
import type { QuestionCardsCache } from './question-cards-cache';

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
}

export type DeliverOutcome =
  | { status: 'sent'; deliveryId: string; items: number; messageId: string }
  | { status: 'already-sent'; deliveryId: string }
  | { status: 'nothing-to-send' }
  | { status: 'skipped'; reason: string };

const STATE_AND_PENDING_MATCHES = `
  SELECT r.id, COALESCE($2::text, r.email) AS email, r.status::text AS status, r."tokenVersion",
         EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = COALESCE($2::text, r.email)) AS suppressed,
         (SELECT d.status::text FROM "Delivery" d WHERE d."dedupeKey" = $3) AS "deliveryStatus",
         p.id AS "matchId", p."subscriptionId", p."questionId", p.query, p.label
  FROM (SELECT 1) AS one
  LEFT JOIN "Subscriber" r ON r.id = $1
  LEFT JOIN LATERAL (
    SELECT m.id, m."subscriptionId", m."questionId", s.query, s.label, s."createdAt"
    FROM "Match" m JOIN "Subscription" s ON s.id = m."subscriptionId"
    WHERE s."subscriberId" = r.id AND m."deliveredAt" IS NULL AND s.frequency = $4::"Frequency"
      AND s.paused = false AND s."disabledAt" IS NULL AND s."confirmedAt" IS NOT NULL
  ) p ON true
  ORDER BY p."createdAt", p."subscriptionId", p."questionId" DESC`;

// One statement, so one round trip: the window in which a crash could make the next attempt resend is as short as
// we can make it. The delivery row and its matches commit together or not at all.
const RECORD_SENT = `
  WITH delivery AS (
    INSERT INTO "Delivery" (id, "dedupeKey", "subscriberId", email, kind, frequency, status, "messageId", "itemCount", attempts, "createdAt", "sentAt")
    VALUES ($1, $2, $3, $4, $5::"DeliveryKind", $6::"Frequency", 'SENT', $7, $8, 1, $9, $9)
    ON CONFLICT ("dedupeKey") DO UPDATE SET status = 'SENT', "sentAt" = EXCLUDED."sentAt", "messageId" = EXCLUDED."messageId",
      error = NULL, "itemCount" = EXCLUDED."itemCount", attempts = "Delivery".attempts + 1
    RETURNING id)
  UPDATE "Match" SET "deliveredAt" = $9, "deliveryId" = (SELECT id FROM delivery)
  WHERE id = ANY($10::bigint[]) AND "deliveredAt" IS NULL`;

interface StateRow {
  id: string | null;
  email: string | null;
  status: string | null;
  tokenVersion: number | null;
  suppressed: boolean;
  deliveryStatus: string | null;
  /** int8 arrives as a decimal string from node-postgres; it goes back the same way. */
  matchId: string | null;
  subscriptionId: string | null;
  questionId: number | null;
  query: string | null;
  label: string | null;
}

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
 * A digest is never empty: with nothing undelivered, nothing is sent. Suppressed, unconfirmed, paused and disabled
 * get nothing.
 */
export async function deliver(deps: DeliverDeps, job: DeliverJob, dedupeKey: string): Promise<DeliverOutcome> {
  const { db, config } = deps;
  const deliveryId = deliveryIdFor(dedupeKey);
  const goodbyeEmail = job.kind === 'GOODBYE' ? job.email : null;
  // The subscriber's state and their undelivered matches in one round trip, as a named prepared statement (planned
  // once per connection). Only DIGEST and IMMEDIATE jobs have a frequency, so only they can get match rows; with no
  // matches the single row carries the state and NULL match columns.
  const frequency = job.kind === 'IMMEDIATE' ? 'IMMEDIATE' : job.kind === 'DIGEST' ? job.frequency : null;
  const { rows } = await sqlPoolOf(db).query<StateRow>({
    name: 'deliver-state',
    text: STATE_AND_PENDING_MATCHES,
    values: [job.subscriberId, goodbyeEmail, dedupeKey, frequency],
  });
  const state = rows[0];
  if (state?.deliveryStatus === 'SENT') return { status: 'already-sent', deliveryId };
  const email = state?.email;
  if (!email) return { status: 'skipped', reason: 'subscriber no longer exists' };
  if (state.suppressed) return { status: 'skipped', reason: 'address is suppressed' };
  const subscriber = state.id ? { id: state.id, tokenVersion: state.tokenVersion ?? 0 } : null;
  const links = subscriber ? tokenLinks(config, subscriber) : null;

  let rendered: RenderedEmail;
  let matchIds: string[] = [];
  if (job.kind === 'DIGEST' || job.kind === 'IMMEDIATE') {
    if (!subscriber || state.status !== 'ACTIVE' || !links) return { status: 'skipped', reason: 'subscriber is not active' };
    const matches: PendingMatch[] = rows.flatMap((row) =>
      row.matchId === null ? [] : [{ id: row.matchId, subscriptionId: row.subscriptionId!, questionId: row.questionId!, query: row.query!, label: row.label }],
    );
    if (!matches.length) return { status: 'nothing-to-send' };
    matchIds = matches.map((m) => m.id);
    rendered = await composeAlertEmail(deps, { kind: job.kind, email, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl, matches });
  } else if (job.kind === 'CONFIRMATION') {
    if (!subscriber || !links) return { status: 'skipped', reason: 'subscriber no longer exists' };
    // The link confirms exactly the alerts this email lists (issue #14).
    const request = await prepareConfirmation(db, { subscriberId: subscriber.id, dedupeKey });
    if (!request) return { status: 'nothing-to-send' };
    rendered = deps.renderer.render('confirmation', confirmationEmailData({ email, baseUrl: config.baseUrl, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl, confirmUrl: links.confirmUrl(request.id), queries: request.queries }));
  } else {
    rendered = deps.renderer.render('goodbye', { recipientEmail: email, baseUrl: config.baseUrl, resubscribeUrl: `${config.baseUrl}/alerts/new` });
  }

  const message = buildMessage({
    to: email,
    from: config.from,
    ...(config.envelopeFrom ? { envelopeFrom: config.envelopeFrom } : {}),
    rendered,
    // A goodbye's subscriber is gone; their unsubscribe link still answers one-click with 200 (issue #14).
    unsubscribeUrl: (links ?? tokenLinks(config, { id: job.subscriberId, tokenVersion: 0 })).unsubscribeUrl,
    ...(config.unsubscribeMailto ? { unsubscribeMailto: config.unsubscribeMailto } : {}),
    messageIdDomain: config.messageIdDomain,
    messageIdLocalPart: deliveryId,
  });
  const row = {
    id: deliveryId,
    dedupeKey,
    subscriberId: subscriber?.id ?? null,
    email,
    kind: job.kind,
    frequency: job.kind === 'DIGEST' ? job.frequency : job.kind === 'IMMEDIATE' ? ('IMMEDIATE' as const) : null,
    itemCount: matchIds.length,
  };

  try {
    await deps.sendAndRecord(message, {
      name: 'deliver-commit',
      text: RECORD_SENT,
      values: [row.id, row.dedupeKey, row.subscriberId, row.email, row.kind, row.frequency, message.messageId, row.itemCount, new Date(), matchIds],
    });
  } catch (error) {
    // Sent but not recorded: the retry finds no SENT row and sends again. Nothing better is possible; say so loudly.
    if (error instanceof SentNotRecordedError) throw error;
    const permanent = isEmailError(error) && error.code === 'EMAIL_SEND_PERMANENT';
    const detail = String((error as Error).message ?? error).slice(0, 1000);
    const status = permanent ? 'SUPPRESSED' : 'FAILED';
    await db.$transaction([
      ...(permanent ? [db.suppression.upsert({ where: { email }, create: { email, reason: 'SMTP_PERMANENT', detail }, update: {} })] : []),
      db.delivery.upsert({ where: { dedupeKey }, create: { ...row, status, error: detail, attempts: 1 }, update: { status, error: detail, attempts: { increment: 1 } } }),
    ]);
    if (permanent) throw new PipelineError('SEND_PERMANENT', `permanent failure; address suppressed: ${detail}`, true);
    throw new PipelineError('SEND_TRANSIENT', `transient failure, will retry: ${detail}`);
  }
  return { status: 'sent', deliveryId, items: matchIds.length, messageId: message.messageId };
}
