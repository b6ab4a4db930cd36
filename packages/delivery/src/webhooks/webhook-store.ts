import { MAY_RECEIVE_MAIL_SQL } from '../may-receive-mail';
import type { SqlClient } from '../delivery-store';
import { OWED } from '../owed-sql';
import type { WebhookFormat } from '@alerts/subscriptions';

// A webhook POST's state, as an email's (delivery-store.ts LOAD_STATE): on its first attempt it claims every
// undelivered, unclaimed match of its alert (the matcher inserts webhook alerts' matches unclaimed) and notes
// `claimedAt`; every later attempt carries exactly the matches marked with its id, under the same webhook-id. An
// alert that may no longer send (paused, deleted, its subscriber gone or suppressed) or a disabled endpoint claims
// nothing; what it had claimed is released when the delivery is recorded SKIPPED.
const LOAD_WEBHOOK_STATE = `
  WITH d AS (SELECT status::text AS status, "claimedAt" FROM "Delivery" WHERE id = $2),
  live AS (
    SELECT s.id, s.query, s.label, w.url, w.format::text AS format, w.secret, w."disabledAt" IS NOT NULL AS disabled, (${MAY_RECEIVE_MAIL_SQL}) AS sendable
    FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId" JOIN "Webhook" w ON w."subscriptionId" = s.id
    WHERE s.id = $1 AND s.channel = 'WEBHOOK'),
  claimed AS (
    UPDATE "Match" m SET "deliveryId" = $2
    FROM live
    WHERE m."subscriptionId" = $1 AND m."deliveredAt" IS NULL AND m."deliveryId" IS NULL AND live.sendable AND NOT live.disabled
      AND EXISTS (SELECT 1 FROM d WHERE d.status = 'PENDING' AND d."claimedAt" IS NULL)
    RETURNING m.id, m."questionIds", m.asked),
  kept AS (
    SELECT m.id, m."questionIds", m.asked FROM d, "Match" m
    WHERE d."claimedAt" IS NOT NULL AND m."subscriptionId" = $1 AND m."deliveredAt" IS NULL AND m."deliveryId" = $2),
  noted AS (
    UPDATE "Delivery" SET "claimedAt" = now() WHERE id = $2 AND ${OWED} AND "claimedAt" IS NULL)
  SELECT live.id, live.query, live.label, live.url, live.format, live.secret, live.disabled, live.sendable,
         (SELECT status FROM d) AS "deliveryStatus", p.id AS "matchId", p."questionId", p.asked
  FROM (SELECT 1) AS one
  LEFT JOIN live ON true
  LEFT JOIN LATERAL (
    SELECT x.id, x.asked, q AS "questionId" FROM (SELECT * FROM claimed UNION ALL SELECT * FROM kept) x, unnest(x."questionIds") q
  ) p ON true
  ORDER BY p."questionId" DESC`;

export interface WebhookState {
  alreadySent: boolean;
  /** Null when the alert, or its webhook, no longer exists. */
  alert: { id: string; query: string; label: string | null } | null;
  endpoint: { url: string; format: WebhookFormat; secret: string; disabled: boolean } | null;
  /** The alert may still send (confirmed, not paused or disabled; subscriber active, address not suppressed). */
  sendable: boolean;
  /** The matches this POST carries, newest question first, one per question: a match row's questions share its id. */
  matches: { id: string; questionId: number; asked: boolean }[];
}

interface Row {
  id: string | null;
  query: string | null;
  label: string | null;
  url: string | null;
  format: WebhookFormat | null;
  secret: string | null;
  disabled: boolean | null;
  sendable: boolean | null;
  deliveryStatus: string | null;
  matchId: string | null;
  questionId: number | null;
  asked: boolean | null;
}

/** Load (and on a first attempt, claim) one webhook delivery's alert, endpoint and matches, in one round trip. */
export async function loadWebhookState(
  client: SqlClient,
  key: { subscriptionId: string; deliveryId: string },
): Promise<WebhookState> {
  const { rows } = await client.query<Row>({
    name: 'webhook-state',
    text: LOAD_WEBHOOK_STATE,
    values: [key.subscriptionId, key.deliveryId],
  });
  const first = rows[0];
  return {
    alreadySent: first?.deliveryStatus === 'SENT',
    alert: first?.id ? { id: first.id, query: first.query!, label: first.label } : null,
    endpoint: first?.url
      ? { url: first.url, format: first.format!, secret: first.secret!, disabled: first.disabled === true }
      : null,
    sendable: first?.sendable === true,
    matches: rows.flatMap((row) =>
      row.matchId === null ? [] : [{ id: row.matchId, questionId: row.questionId!, asked: row.asked === true }],
    ),
  };
}

// A failed POST: the run of failures starts (or goes on); once it has lasted `disableAfter`, the endpoint is
// disabled, in the same statement, so two mailers never both disable it (and both send the notice).
const RECORD_WEBHOOK_FAILURE = `
  UPDATE "Webhook" SET "failingSince" = COALESCE("failingSince", $2), "lastError" = $3,
    "disabledAt" = CASE WHEN "disabledAt" IS NULL AND COALESCE("failingSince", $2) <= $4 THEN $2 ELSE "disabledAt" END
  WHERE "subscriptionId" = $1
  RETURNING "disabledAt" = $2 AS "disabledNow", "failingSince"`;

/** Note a failed POST on its endpoint. `disabledNow`: this failure disabled it (the caller owes the notice). */
export async function recordWebhookFailure(
  client: SqlClient,
  input: { subscriptionId: string; error: string; now: Date; disableAfterMs: number },
): Promise<{ disabledNow: boolean }> {
  const { rows } = await client.query<{ disabledNow: boolean | null }>({
    name: 'webhook-failure',
    text: RECORD_WEBHOOK_FAILURE,
    values: [
      input.subscriptionId,
      input.now,
      input.error.slice(0, 1000),
      new Date(input.now.getTime() - input.disableAfterMs),
    ],
  });
  return { disabledNow: rows[0]?.disabledNow === true };
}

/** A POST went through: the endpoint's run of failures, if any, is over. */
export async function recordWebhookSuccess(client: SqlClient, subscriptionId: string): Promise<void> {
  await client.query({
    name: 'webhook-success',
    text: `UPDATE "Webhook" SET "failingSince" = NULL, "lastError" = NULL WHERE "subscriptionId" = $1 AND "failingSince" IS NOT NULL`,
    values: [subscriptionId],
  });
}
