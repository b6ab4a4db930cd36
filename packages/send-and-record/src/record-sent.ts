// The one statement that records a send: the Delivery row SENT and, in the same statement, what it carried (the
// matches delivered, or the follow moved on). It imports nothing at run time, so the mailer's sender thread loads it
// (with send-and-record.ts) without the rest of delivery: templates, matching, Prisma.

/** A node-postgres client or pool: what the store's statements run on. */
export interface SqlClient {
  query<R extends object = Record<string, unknown>>(statement: {
    name?: string;
    text: string;
    values?: unknown[];
  }): Promise<{ rows: R[] }>;
}

/** A pool that lends one connection, for statements that must share a session. */
export interface SqlPool {
  connect(): Promise<SqlClient & { release(error?: Error | boolean): void }>;
}

/**
 * How a follow moves on once its email is accepted: which event it has told, and whether it ends; or, for the
 * "still waiting" note, that the note has gone (it is sent once).
 */
export type FollowProgress =
  | {
      followId: string;
      /** QuestionEvent id (decimal string) the email told of. */
      eventId: string;
      /** Set for a correction or a withdrawal: the follow has said all it will. */
      ends: boolean;
      /** Set after the answer: how long the follow still waits for a correction. */
      endsAt: Date | null;
    }
  | { followId: string; overdueNoted: true };

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
  /** The match rows (Match ids) the email carried: marked delivered in the same statement. */
  matchIds: string[];
  /** How many matches (questions) those rows hold: the Delivery's itemCount. */
  items: number;
  /** Match rows it had claimed but did not carry (their alert paused since): back to the pool in the same statement. */
  releaseIds?: string[];
  /** A follow email (kind FOLLOW): the follow moves on in the same statement. */
  follow?: FollowProgress;
}

const INSERT_FOLLOW_DELIVERY = `
    INSERT INTO "Delivery" (id, "dedupeKey", "subscriberId", email, kind, status, "messageId", "itemCount", attempts, "createdAt", "sentAt")
    VALUES ($1, $2, $3, $4, 'FOLLOW', 'SENT', $5, 1, 1, $6, $6)
    ON CONFLICT ("dedupeKey") DO UPDATE SET status = 'SENT', "sentAt" = EXCLUDED."sentAt", "messageId" = EXCLUDED."messageId",
      error = NULL, attempts = "Delivery".attempts + 1
    RETURNING id`;

// One statement, as for alerts: the Delivery row SENT and the follow moved on (its last event told, and ended after a
// correction or withdrawal) commit together or not at all.
const RECORD_FOLLOW_SENT = `
  WITH delivery AS (${INSERT_FOLLOW_DELIVERY})
  UPDATE "Follow" SET "lastEventId" = GREATEST(COALESCE("lastEventId", 0), $8::bigint),
    "endedAt" = CASE WHEN $9::boolean THEN $6 ELSE "endedAt" END,
    "endsAt" = COALESCE($10::timestamp, "endsAt")
  WHERE id = $7 AND EXISTS (SELECT 1 FROM delivery)`;

// Likewise for the still-waiting note: the Delivery row SENT and the follow's overdueNotedAt set together, so a
// later tick finds it sent and never enqueues it again.
const RECORD_FOLLOW_OVERDUE_SENT = `
  WITH delivery AS (${INSERT_FOLLOW_DELIVERY})
  UPDATE "Follow" SET "overdueNotedAt" = $6
  WHERE id = $7 AND EXISTS (SELECT 1 FROM delivery)`;

// One statement, so one round trip: the window in which a crash could make the next attempt resend is as short as
// we can make it. Each Delivery row and its matches commit together or not at all. It records one email or a group
// of them (group commit: see record-in-groups.ts): the records come as parallel arrays, numbered by their position
// (ordinality), and each match id to mark delivered, or to release (claimed but not sent: its alert was paused since
// the claim, so it goes back to the pool for when it is resumed), names its record by that number. Each record's
// matches get the id of the row its dedupe key landed on.
const RECORD_SENT = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::"DeliveryKind"[], $6::"Frequency"[], $7::text[], $8::timestamp(3)[], $9::int[])
      WITH ORDINALITY AS i(id, "dedupeKey", "subscriberId", email, kind, frequency, "messageId", "sentAt", items, n)),
  delivery AS (
    INSERT INTO "Delivery" (id, "dedupeKey", "subscriberId", email, kind, frequency, status, "messageId", "itemCount", attempts, "createdAt", "sentAt")
    SELECT id, "dedupeKey", "subscriberId", email, kind, frequency, 'SENT', "messageId", items, 1, "sentAt", "sentAt" FROM input
    ON CONFLICT ("dedupeKey") DO UPDATE SET status = 'SENT', "sentAt" = EXCLUDED."sentAt", "messageId" = EXCLUDED."messageId",
      error = NULL, "itemCount" = EXCLUDED."itemCount", attempts = "Delivery".attempts + 1, "dueAt" = NULL
    RETURNING id, "dedupeKey"),
  released AS (
    UPDATE "Match" m SET "deliveryId" = NULL
    FROM unnest($12::bigint[], $13::int[]) AS r(id, n) JOIN input i ON i.n = r.n
    WHERE m.id = r.id AND m."deliveryId" = i.id AND m."deliveredAt" IS NULL)
  UPDATE "Match" m SET "deliveredAt" = i."sentAt", "deliveryId" = d.id
  FROM unnest($10::bigint[], $11::int[]) AS x(id, n) JOIN input i ON i.n = x.n JOIN delivery d ON d."dedupeKey" = i."dedupeKey"
  WHERE m.id = x.id AND m."deliveredAt" IS NULL`;

/**
 * RECORD_SENT for these (non-follow) records. Named apart for one record and for a group, so pg_stat_statements
 * tells lone records from groups. Two records of one dedupe key cannot share it (PostgreSQL refuses to upsert a row
 * twice in one statement): the caller keeps them apart.
 */
async function recordPlain(client: SqlClient, records: readonly SentRecord[]): Promise<void> {
  const owned = (ids: (record: SentRecord) => readonly string[]) => {
    const matchIds: string[] = [];
    const owners: number[] = [];
    records.forEach((record, i) => {
      for (const id of ids(record)) {
        matchIds.push(id);
        owners.push(i + 1);
      }
    });
    return [matchIds, owners] as const;
  };
  await client.query({
    name: records.length === 1 ? 'delivery-record-sent' : 'delivery-record-sent-group',
    text: RECORD_SENT,
    values: [
      records.map((r) => r.deliveryId),
      records.map((r) => r.dedupeKey),
      records.map((r) => r.subscriberId),
      records.map((r) => r.email),
      records.map((r) => r.kind),
      records.map((r) => r.frequency),
      records.map((r) => r.messageId),
      records.map((r) => r.sentAt),
      records.map((r) => r.items),
      ...owned((r) => r.matchIds),
      ...owned((r) => r.releaseIds ?? []),
    ],
  });
}

/**
 * Record several accepted messages, as {@link recordSent} records one: the plain ones in one statement, all or none;
 * a follow's record has statements of its own, and goes alone after the rest.
 */
export async function recordSentGroup(client: SqlClient, records: readonly SentRecord[]): Promise<void> {
  const plain = records.filter((record) => !record.follow);
  if (plain.length) await recordPlain(client, plain);
  for (const record of records) if (record.follow) await recordSent(client, record);
}

/** Record a message the server accepted: its Delivery row SENT and its matches delivered, in one statement. */
export async function recordSent(client: SqlClient, record: SentRecord): Promise<void> {
  if (record.follow && 'overdueNoted' in record.follow) {
    await client.query({
      name: 'delivery-record-follow-overdue-sent',
      text: RECORD_FOLLOW_OVERDUE_SENT,
      values: [
        record.deliveryId,
        record.dedupeKey,
        record.subscriberId,
        record.email,
        record.messageId,
        record.sentAt,
        record.follow.followId,
      ],
    });
    return;
  }
  if (record.follow) {
    const { followId, eventId, ends, endsAt } = record.follow;
    await client.query({
      name: 'delivery-record-follow-sent',
      text: RECORD_FOLLOW_SENT,
      values: [
        record.deliveryId,
        record.dedupeKey,
        record.subscriberId,
        record.email,
        record.messageId,
        record.sentAt,
        followId,
        eventId,
        ends,
        endsAt,
      ],
    });
    return;
  }
  await recordPlain(client, [record]);
}
