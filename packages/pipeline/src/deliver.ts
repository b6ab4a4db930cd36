import { createHash } from 'node:crypto';
import { sqlPoolOf, type Db } from '@alerts/db';
import { buildMessage, isEmailError, type EmailRenderer, type MailTransport, type RenderedEmail } from '@alerts/email';
import { describeQuery, parseQuery, type Query } from '@alerts/matching';
import type { DeliverJob } from '@alerts/queue';
import { buildCard } from './build-cards';
import { PipelineError } from './errors';
import { tokenLinks, type DeliveryConfig } from './pipeline-config';
import type { QuestionCardsCache } from './question-cards-cache';

export interface DeliverDeps {
  db: Db;
  transport: MailTransport;
  renderer: EmailRenderer;
  config: DeliveryConfig;
  /** Question details shared by the emails of a process (see createQuestionCardsCache). */
  cards: QuestionCardsCache;
}

export type DeliverOutcome =
  | { status: 'sent'; deliveryId: string; items: number; messageId: string }
  | { status: 'already-sent'; deliveryId: string }
  | { status: 'nothing-to-send' }
  | { status: 'skipped'; reason: string };

interface PendingMatch {
  id: string;
  subscriptionId: string;
  questionId: number;
  query: string;
  label: string | null;
}

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

const parsedQueries = new Map<string, { query: Query | null; description: string }>();

/** Parsing and describing a query once per process: in a run, thousands of alerts share a few thousand queries. */
function understand(text: string) {
  let known = parsedQueries.get(text);
  if (!known) {
    try {
      const query = parseQuery(text);
      known = { query, description: describeQuery(query) };
    } catch {
      known = { query: null, description: `answers matching ${text}` };
    }
    if (parsedQueries.size > 20_000) parsedQueries.clear();
    parsedQueries.set(text, known);
  }
  return known;
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
    const groups = new Map<string, PendingMatch[]>();
    for (const m of matches) {
      const group = groups.get(m.subscriptionId);
      if (group) group.push(m);
      else groups.set(m.subscriptionId, [m]);
    }
    const shown = [...groups.values()].flatMap((group) => group.slice(0, config.maxCardsPerAlert).map((m) => m.questionId));
    const questions = await deps.cards(shown);
    const alerts = [...groups.values()].map((group) => {
      const first = group[0]!;
      const { query, description } = understand(first.query);
      return {
        description,
        ...(first.label ? { label: first.label } : {}),
        query: first.query,
        totalCount: group.length,
        moreUrl: `${config.baseUrl}/search?q=${encodeURIComponent(first.query)}`,
        questions: group
          .slice(0, config.maxCardsPerAlert)
          .flatMap((m) => {
            const question = questions.get(m.questionId);
            return question ? [buildCard(question, query, config.baseUrl, first.query)] : [];
          }),
      };
    });
    const base = { recipientEmail: email, baseUrl: config.baseUrl, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl };
    const single = matches.length === 1 && job.kind === 'IMMEDIATE' && alerts[0]!.questions[0];
    rendered = single
      ? deps.renderer.render('immediate', { ...base, alert: { description: alerts[0]!.description, ...(alerts[0]!.label ? { label: alerts[0]!.label } : {}) }, question: single })
      : deps.renderer.render('digest', { ...base, alerts });
  } else if (job.kind === 'CONFIRMATION') {
    if (!subscriber || !links) return { status: 'skipped', reason: 'subscriber no longer exists' };
    const pending = await db.subscription.findMany({ where: { subscriberId: subscriber.id, confirmedAt: null }, orderBy: { createdAt: 'asc' } });
    if (!pending.length) return { status: 'nothing-to-send' };
    rendered = deps.renderer.render('confirmation', {
      recipientEmail: email, baseUrl: config.baseUrl, manageUrl: links.manageUrl, unsubscribeUrl: links.unsubscribeUrl, confirmUrl: links.confirmUrl(),
      alerts: pending.slice(0, 100).map((s) => ({ description: understand(s.query).description, ...(s.label ? { label: s.label } : {}) })),
    });
  } else {
    rendered = deps.renderer.render('goodbye', { recipientEmail: email, baseUrl: config.baseUrl, resubscribeUrl: `${config.baseUrl}/alerts/new` });
  }

  const message = buildMessage({
    to: email,
    from: config.from,
    ...(config.envelopeFrom ? { envelopeFrom: config.envelopeFrom } : {}),
    rendered,
    unsubscribeUrl: links?.unsubscribeUrl ?? `${config.baseUrl}/alerts/new`,
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

  // The connection for the commit is taken before sending, so once the server has accepted the message nothing
  // stands between its reply and our commit but the statement itself: that gap is the only place a crash can cause
  // a duplicate.
  const connection = await sqlPoolOf(db).connect();
  let sent = false;
  try {
    await deps.transport.send(message);
    sent = true;
    await connection.query({
      name: 'deliver-commit',
      text: RECORD_SENT,
      values: [row.id, row.dedupeKey, row.subscriberId, row.email, row.kind, row.frequency, message.messageId, row.itemCount, new Date(), matchIds],
    });
  } catch (error) {
    // A failed commit may have left the connection mid-statement: drop it rather than hand it to the next job.
    connection.release(sent ? (error as Error) : undefined);
    if (sent) throw error;
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
  connection.release();
  return { status: 'sent', deliveryId, items: matchIds.length, messageId: message.messageId };
}
