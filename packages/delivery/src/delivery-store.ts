import type { PendingMatch } from '@alerts/composition';
import type { SqlClient } from '@alerts/send-and-record';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';
import { OWED } from './owed-sql';

// Delivery's one store: every statement that reads or writes a delivery's state lives here, behind typed records.
// The statement that records a send is @alerts/send-and-record's (recordSent), which the mailer's sender thread loads
// alone; the client, pool and record types are its too.

export type { SentRecord, SqlClient, SqlPool } from '@alerts/send-and-record';

export interface DeliveryState {
  /** Null when the subscriber no longer exists (a goodbye still has its address). */
  subscriber: { id: string; status: string; tokenVersion: number } | null;
  /** Where the email goes: the subscriber's address, or the goodbye job's. */
  email: string | null;
  suppressed: boolean;
  /** The Delivery row is already SENT: a retried or repeated job stops here. */
  alreadySent: boolean;
  /**
   * The matches this delivery carries that may still be sent, alert by alert (oldest alert first), one per question:
   * a match row's questions share its id.
   */
  matches: PendingMatch[];
  /** Match rows it had claimed whose alert may no longer receive mail (paused since): released when it is recorded. */
  unsendable: string[];
}

/** What a record says it carried: the match rows (each once) and how many matches, one per question, they hold. */
export function carried(matches: readonly { id: string }[]): { matchIds: string[]; items: number } {
  return { matchIds: [...new Set(matches.map((m) => m.id))], items: matches.length };
}

// Loads the subscriber and the matches this delivery carries. A delivery whose matches were not claimed when it was
// planned (a digest; an immediate alert planned by the sweep) claims them on its first attempt: every undelivered,
// unclaimed match of its frequency on alerts that may receive mail, marked with its id, and `claimedAt` noted. From
// then on (and from the start, for a match job's immediate alert, whose matches were inserted claimed) it carries
// exactly the matches marked with its id. So a retry sends the same matches under the same Message-ID, and no other
// email can fold them in. Claimed matches whose alert may no longer receive mail (paused since) come back flagged, to
// be released. Run under the subscriber's lock, so two deliveries of one subscriber never claim at once.
// The subscriber's alerts, with whether each may receive mail, and the subscriber with whether the address is
// suppressed, are each worked out once (MATERIALIZED), not once per match row: inlined, PostgreSQL looked the address
// up in Suppression twice for every match an email carries (84 probes for 42 matches, 700 of a state read's ~720
// buffer reads, by auto_explain in bench:pipeline).
const LOAD_STATE = `
  WITH d AS (SELECT status::text AS status, "claimedAt" FROM "Delivery" WHERE id = $3),
  alerts AS MATERIALIZED (
    SELECT s.id, s.query, s.label, s."createdAt", s.frequency, s.channel, (${MAY_RECEIVE_MAIL_SQL}) AS sendable
    FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId"
    WHERE $4::"Frequency" IS NOT NULL AND s."subscriberId" = $1),
  claimed AS (
    UPDATE "Match" m SET "deliveryId" = $3
    FROM alerts a
    WHERE m."subscriptionId" = a.id AND a.sendable AND a.frequency = $4::"Frequency" AND a.channel = 'EMAIL'
      AND m."deliveredAt" IS NULL AND m."deliveryId" IS NULL
      AND EXISTS (SELECT 1 FROM d WHERE d.status = 'PENDING' AND d."claimedAt" IS NULL)
    RETURNING m.id, m."subscriptionId", m."questionIds", m.asked, a.query, a.label, a."createdAt", true AS sendable),
  kept AS (
    SELECT m.id, m."subscriptionId", m."questionIds", m.asked, a.query, a.label, a."createdAt", a.sendable
    FROM d, alerts a JOIN "Match" m ON m."subscriptionId" = a.id
    WHERE d."claimedAt" IS NOT NULL AND m."deliveredAt" IS NULL AND m."deliveryId" = $3),
  noted AS (
    UPDATE "Delivery" SET "claimedAt" = now()
    WHERE id = $3 AND $4::"Frequency" IS NOT NULL AND ${OWED} AND "claimedAt" IS NULL),
  who AS MATERIALIZED (
    SELECT r.id, COALESCE($2::text, r.email) AS email, r.status::text AS status, r."tokenVersion",
      EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = COALESCE($2::text, r.email)) AS suppressed
    FROM (SELECT 1) AS one LEFT JOIN "Subscriber" r ON r.id = $1)
  SELECT w.id, w.email, w.status, w."tokenVersion", w.suppressed, (SELECT status FROM d) AS "deliveryStatus",
         p.id AS "matchId", p."subscriptionId", p."questionId", p.asked, p.query, p.label, p.sendable
  FROM who w
  LEFT JOIN LATERAL (
    SELECT x.id, x."subscriptionId", q AS "questionId", x.asked, x.query, x.label, x."createdAt", x.sendable
    FROM (SELECT * FROM claimed UNION ALL SELECT * FROM kept) x, unnest(x."questionIds") q
  ) p ON true
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
  key: {
    subscriberId: string;
    deliveryId: string;
    frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY' | null;
    goodbyeEmail: string | null;
  },
): Promise<DeliveryState> {
  const { rows } = await client.query<StateRow>({
    name: 'delivery-state',
    text: LOAD_STATE,
    values: [key.subscriberId, key.goodbyeEmail, key.deliveryId, key.frequency],
  });
  const first = rows[0];
  return {
    subscriber: first?.id
      ? { id: first.id, status: first.status ?? 'PENDING', tokenVersion: first.tokenVersion ?? 0 }
      : null,
    email: first?.email ?? null,
    suppressed: first?.suppressed ?? false,
    alreadySent: first?.deliveryStatus === 'SENT',
    matches: rows.flatMap((row) =>
      row.matchId === null || row.sendable !== true
        ? []
        : [
            {
              id: row.matchId,
              subscriptionId: row.subscriptionId!,
              questionId: row.questionId!,
              asked: row.asked === true,
              query: row.query!,
              label: row.label,
            },
          ],
    ),
    unsendable: [
      ...new Set(rows.flatMap((row) => (row.matchId !== null && row.sendable === false ? [row.matchId] : []))),
    ],
  };
}
