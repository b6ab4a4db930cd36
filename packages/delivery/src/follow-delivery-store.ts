import { FOLLOW_MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';
import type { FollowEmailKind } from '@alerts/composition';
import type { SqlClient } from '@alerts/send-and-record';
import { loadOverdueNoteState } from './overdue-note';

// The follow emails' part of delivery's store (delivery-store.ts): the state one follow email needs. The statement that
// records it SENT and moves the follow on is recordSent's, in @alerts/send-and-record.

export type { FollowProgress } from '@alerts/send-and-record';

export interface FollowDeliveryState {
  subscriber: { id: string; status: string; tokenVersion: number } | null;
  email: string | null;
  suppressed: boolean;
  alreadySent: boolean;
  /**
   * Whether this follow may receive mail now (FOLLOW_MAY_RECEIVE_MAIL_SQL) and this email is still to send: for an
   * event, not yet told of it or a later one; for the note, the still-waiting rule (overdue-note.ts).
   */
  due: boolean;
  questionId: number | null;
  event: { kind: FollowEmailKind } | null;
}

const LOAD_FOLLOW_STATE = `
  SELECT r.id, r.email, r.status::text AS status, r."tokenVersion", f."questionId",
         EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = r.email) AS suppressed,
         EXISTS (SELECT 1 FROM "Delivery" d WHERE d."dedupeKey" = $3 AND d.status = 'SENT') AS "alreadySent",
         (${FOLLOW_MAY_RECEIVE_MAIL_SQL} AND COALESCE(f."lastEventId", 0) < e.id AND e."createdAt" >= f."confirmedAt") AS due,
         e.kind::text AS "eventKind"
  FROM "Follow" f
  JOIN "Subscriber" r ON r.id = f."subscriberId"
  LEFT JOIN "QuestionEvent" e ON e.id = $2::bigint AND e."questionId" = f."questionId"
  WHERE f.id = $1`;

/** A follow email's state as one statement reads it (this file's, or overdue-note.ts's for the still-waiting note). */
export interface FollowStateRow {
  id: string;
  email: string;
  status: string;
  tokenVersion: number;
  questionId: number;
  suppressed: boolean;
  alreadySent: boolean;
  due: boolean | null;
  eventKind: FollowEmailKind | null;
}

/**
 * A follow email's state in one round trip: about an event (`eventId`, decimal), or the still-waiting note
 * (`overdue`, with today's UK date). A follow that no longer exists (unfollowed) loads as not due.
 */
export async function loadFollowDeliveryState(
  client: SqlClient,
  key: { followId: string; dedupeKey: string } & ({ eventId: string } | { overdue: { today: string } }),
): Promise<FollowDeliveryState> {
  const row =
    'overdue' in key
      ? await loadOverdueNoteState(client, {
          followId: key.followId,
          dedupeKey: key.dedupeKey,
          today: key.overdue.today,
        })
      : (
          await client.query<FollowStateRow>({
            name: 'follow-delivery-state',
            text: LOAD_FOLLOW_STATE,
            values: [key.followId, key.eventId, key.dedupeKey],
          })
        ).rows[0];
  if (!row)
    return {
      subscriber: null,
      email: null,
      suppressed: false,
      alreadySent: false,
      due: false,
      questionId: null,
      event: null,
    };
  return {
    subscriber: { id: row.id, status: row.status, tokenVersion: row.tokenVersion },
    email: row.email,
    suppressed: row.suppressed,
    alreadySent: row.alreadySent,
    due: row.due === true,
    questionId: row.questionId,
    event: row.eventKind ? { kind: row.eventKind } : null,
  };
}
