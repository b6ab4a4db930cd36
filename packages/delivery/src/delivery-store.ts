import { RECORD_FOLLOW_OVERDUE_SENT, RECORD_FOLLOW_SENT, type FollowProgress } from './follow-delivery-store';
import type { PendingMatch } from '@alerts/composition';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

// Delivery's one store: every statement that reads or writes a delivery's state lives here, behind typed records.
// It imports nothing heavy at run time (the mailer's sender thread loads it for `recordSent`): only the SQL rule.

/** A node-postgres client or pool: what the store's statements run on. */
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(statement: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: R[] }>;
}

/** A pool that lends one connection, for statements that must share a session. */
export interface SqlPool {
  connect(): Promise<SqlClient & { release(error?: Error | boolean): void }>;
}

export interface DeliveryState {
  /** Null when the subscriber no longer exists (a goodbye still has its address). */
  subscriber: { id: string; status: string; tokenVersion: number } | null;
  /** Where the email goes: the subscriber's address, or the goodbye job's. */
  email: string | null;
  suppressed: boolean;
  /** The Delivery row is already SENT: a retried or repeated job stops here. */
  alreadySent: boolean;
  /** The matches this delivery carries that may still be sent, alert by alert (oldest alert first). */
  matches: PendingMatch[];
  /** Matches it had claimed whose alert may no longer receive mail (paused since): released when it is recorded. */
  unsendable: string[];
}

/** What is written once the SMTP server has accepted a message (structured-cloneable: it crosses to the sender thread). */
export interface SentRecord {
  deliveryId: string;
  dedupeKey: string;
  subscriberId: string | null;
  email: string;
  kind: 'CONFIRMATION' | 'DIGEST' | 'IMMEDIATE' | 'GOODBYE' | 'FOLLOW' | 'MANAGE_LINK' | 'WEBHOOK' | 'WEBHOOK_DISABLED';
  frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY' | null;
  messageId: string;
  sentAt: Date;
  /** The matches the email carried: marked delivered in the same statement. */
  matchIds: string[];
  /** Matches it had claimed but did not carry (their alert paused since): back to the pool in the same statement. */
  releaseIds?: string[];
  /** A follow email (kind FOLLOW): the follow moves on in the same statement. */
  follow?: FollowProgress;
}


// Loads the subscriber and the matches this delivery carries. A delivery whose matches were not claimed when it was
// planned (a digest; an immediate alert planned by the sweep) claims them on its first attempt: every undelivered,
// unclaimed match of its frequency on alerts that may receive mail, marked with its id, and `claimedAt` noted. From
// then on (and from the start, for a match job's immediate alert, whose matches were inserted claimed) it carries
// exactly the matches marked with its id. So a retry sends the same matches under the same Message-ID, and no other
// email can fold them in. Claimed matches whose alert may no longer receive mail (paused since) come back flagged, to
// be released. Run under the subscriber's lock, so two deliveries of one subscriber never claim at once.
const LOAD_STATE = `
  WITH d AS (SELECT status::text AS status, "claimedAt" FROM "Delivery" WHERE id = $3),
  claimed AS (
    UPDATE "Match" m SET "deliveryId" = $3
    FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId"
    WHERE $4::"Frequency" IS NOT NULL AND s.id = m."subscriptionId" AND s."subscriberId" = $1 AND s.frequency = $4::"Frequency"
      AND s.channel = 'EMAIL' AND m."deliveredAt" IS NULL AND m."deliveryId" IS NULL AND ${MAY_RECEIVE_MAIL_SQL}
      AND EXISTS (SELECT 1 FROM d WHERE d.status = 'PENDING' AND d."claimedAt" IS NULL)
    RETURNING m.id, m."subscriptionId", m."questionId", m.asked, s.query, s.label, s."createdAt", true AS sendable),
  kept AS (
    SELECT m.id, m."subscriptionId", m."questionId", m.asked, s.query, s.label, s."createdAt", (${MAY_RECEIVE_MAIL_SQL}) AS sendable
    FROM d, "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId" JOIN "Match" m ON m."subscriptionId" = s.id
    WHERE $4::"Frequency" IS NOT NULL AND d."claimedAt" IS NOT NULL AND s."subscriberId" = $1 AND m."deliveredAt" IS NULL AND m."deliveryId" = $3),
  noted AS (
    UPDATE "Delivery" SET "claimedAt" = now()
    WHERE id = $3 AND $4::"Frequency" IS NOT NULL AND status = 'PENDING' AND "claimedAt" IS NULL)
  SELECT r.id, COALESCE($2::text, r.email) AS email, r.status::text AS status, r."tokenVersion",
         EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = COALESCE($2::text, r.email)) AS suppressed,
         (SELECT status FROM d) AS "deliveryStatus",
         p.id AS "matchId", p."subscriptionId", p."questionId", p.asked, p.query, p.label, p.sendable
  FROM (SELECT 1) AS one
  LEFT JOIN "Subscriber" r ON r.id = $1
  LEFT JOIN LATERAL (SELECT * FROM claimed UNION ALL SELECT * FROM kept) p ON true
  ORDER BY p."createdAt", p."subscriptionId", p."questionId" DESC`;

interface StateRow {
  id: string | null;
  email: string | null;
  status: string | null;
  tokenVersion: number | null;
  suppressed: boolean;
  deliveryStatus: string | null;
  matchId: string | null;
  subscriptionId: string | null;
  questionId: number | null;
  asked: boolean | null;
  query: string | null;
  label: string | null;
  sendable: boolean | null;
}

/**
 * A planned delivery's state and its matches (claimed now, or on an earlier attempt) in one round trip, as a named
 * prepared statement (planned once per connection). `frequency` null (confirmation, goodbye, follow) loads no
 * matches; `goodbyeEmail` stands in for a subscriber who is already gone.
 */
export async function loadDeliveryState(
  client: SqlClient,
  key: { subscriberId: string; deliveryId: string; frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY' | null; goodbyeEmail: string | null },
): Promise<DeliveryState> {
  const { rows } = await client.query<StateRow>({ name: 'delivery-state', text: LOAD_STATE, values: [key.subscriberId, key.goodbyeEmail, key.deliveryId, key.frequency] });
  const first = rows[0];
  return {
    subscriber: first?.id ? { id: first.id, status: first.status ?? 'PENDING', tokenVersion: first.tokenVersion ?? 0 } : null,
    email: first?.email ?? null,
    suppressed: first?.suppressed ?? false,
    alreadySent: first?.deliveryStatus === 'SENT',
    matches: rows.flatMap((row) =>
      row.matchId === null || row.sendable !== true
        ? []
        : [{ id: row.matchId, subscriptionId: row.subscriptionId!, questionId: row.questionId!, asked: row.asked === true, query: row.query!, label: row.label }],
    ),
    unsendable: rows.flatMap((row) => (row.matchId !== null && row.sendable === false ? [row.matchId] : [])),
  };
}

/** A planned delivery's row: where it stands and the work it names (a DeliverJob, validated by the caller). */
export async function loadDeliveryRow(client: SqlClient, deliveryId: string): Promise<{ status: string; job: unknown; dedupeKey: string; email: string } | null> {
  const { rows } = await client.query<{ status: string; job: unknown; dedupeKey: string; email: string }>({
    name: 'delivery-row',
    text: `SELECT status::text AS status, job, "dedupeKey", email FROM "Delivery" WHERE id = $1`,
    values: [deliveryId],
  });
  return rows[0] ?? null;
}

// One statement, so one round trip: the window in which a crash could make the next attempt resend is as short as
// we can make it. The delivery row and its matches commit together or not at all.
const RECORD_SENT = `
  WITH delivery AS (
    INSERT INTO "Delivery" (id, "dedupeKey", "subscriberId", email, kind, frequency, status, "messageId", "itemCount", attempts, "createdAt", "sentAt")
    VALUES ($1, $2, $3, $4, $5::"DeliveryKind", $6::"Frequency", 'SENT', $7, cardinality($9::bigint[]), 1, $8, $8)
    ON CONFLICT ("dedupeKey") DO UPDATE SET status = 'SENT', "sentAt" = EXCLUDED."sentAt", "messageId" = EXCLUDED."messageId",
      error = NULL, "itemCount" = EXCLUDED."itemCount", attempts = "Delivery".attempts + 1, "dueAt" = NULL
    RETURNING id),
  -- Claimed but not sent (their alert was paused since the claim): back to the pool for when it is resumed.
  released AS (
    UPDATE "Match" SET "deliveryId" = NULL WHERE id = ANY($10::bigint[]) AND "deliveryId" = $1 AND "deliveredAt" IS NULL)
  UPDATE "Match" SET "deliveredAt" = $8, "deliveryId" = (SELECT id FROM delivery)
  WHERE id = ANY($9::bigint[]) AND "deliveredAt" IS NULL`;

/** Record a message the server accepted: its Delivery row SENT and its matches delivered, in one statement. */
export async function recordSent(client: SqlClient, record: SentRecord): Promise<void> {
  if (record.follow && 'overdueNoted' in record.follow) {
    await client.query({
      name: 'delivery-record-follow-overdue-sent',
      text: RECORD_FOLLOW_OVERDUE_SENT,
      values: [record.deliveryId, record.dedupeKey, record.subscriberId, record.email, record.messageId, record.sentAt, record.follow.followId],
    });
    return;
  }
  if (record.follow) {
    const { followId, eventId, ends, endsAt } = record.follow;
    await client.query({
      name: 'delivery-record-follow-sent',
      text: RECORD_FOLLOW_SENT,
      values: [record.deliveryId, record.dedupeKey, record.subscriberId, record.email, record.messageId, record.sentAt, followId, eventId, ends, endsAt],
    });
    return;
  }
  await client.query({
    name: 'delivery-record-sent',
    text: RECORD_SENT,
    values: [record.deliveryId, record.dedupeKey, record.subscriberId, record.email, record.kind, record.frequency, record.messageId, record.sentAt, record.matchIds, record.releaseIds ?? []],
  });
}
