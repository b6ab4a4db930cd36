import type { Db } from '@alerts/db';
import type { SqlClient } from './delivery-store';
import type { FollowStateRow } from './follow-delivery-store';
import { FOLLOWABLE_STATES_SQL } from '@alerts/subscriptions';
import { FOLLOW_MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

// The still-waiting note: the one rule for when a follow's note is due, and the two statements that read it, both
// here so that no other module splices the rule into SQL of its own. Only type imports and SQL constants at run
// time: the mailer's sender thread loads this (through follow-delivery-store.ts).

/**
 * Is this follow's still-waiting note due? Over `"Follow" f` joined to `"Subscriber" r` and its `"Question" q`, with
 * today's UK date (ukToday of @alerts/sources) as parameter `$<todayParam>`: the follow may receive mail, asked for
 * the note and has not had it, and its question is still waiting (unanswered or holding) with its due date before
 * today. The question's dates are calendar dates, so they are compared as dates, never timestamps.
 */
const noteDue = (
  todayParam: number,
) => `${FOLLOW_MAY_RECEIVE_MAIL_SQL} AND f."wantsOverdueNote" AND f."overdueNotedAt" IS NULL
    AND q.state IN (${FOLLOWABLE_STATES_SQL}) AND q."dateForAnswer" < $${todayParam}::date`;

const FIND_NOTES_DUE = `
  SELECT f."subscriberId", f.id AS "followId"
  FROM "Follow" f
  JOIN "Subscriber" r ON r.id = f."subscriberId"
  JOIN "Question" q ON q.id = f."questionId"
  WHERE ${noteDue(1)}
  ORDER BY f.id`;

const LOAD_NOTE_STATE = `
  SELECT r.id, r.email, r.status::text AS status, r."tokenVersion", f."questionId",
         EXISTS (SELECT 1 FROM "Suppression" x WHERE x.email = r.email) AS suppressed,
         EXISTS (SELECT 1 FROM "Delivery" d WHERE d."dedupeKey" = $2 AND d.status = 'SENT') AS "alreadySent",
         (${noteDue(3)}) AS due,
         'OVERDUE' AS "eventKind"
  FROM "Follow" f
  JOIN "Subscriber" r ON r.id = f."subscriberId"
  JOIN "Question" q ON q.id = f."questionId"
  WHERE f.id = $1`;

/** Every follow whose still-waiting note is due on `today` (a UK date, YYYY-MM-DD), by follow id. */
export async function findOverdueNotesDue(
  db: Db,
  today: string,
): Promise<{ subscriberId: string; followId: string }[]> {
  return db.$queryRawUnsafe<{ subscriberId: string; followId: string }[]>(FIND_NOTES_DUE, today);
}

/**
 * One follow's state for sending its still-waiting note (see loadFollowDeliveryState): `due` when the note is due
 * on `today`; undefined when the follow no longer exists.
 */
export async function loadOverdueNoteState(
  client: SqlClient,
  key: { followId: string; dedupeKey: string; today: string },
): Promise<FollowStateRow | undefined> {
  const { rows } = await client.query<FollowStateRow>({
    name: 'follow-overdue-delivery-state',
    text: LOAD_NOTE_STATE,
    values: [key.followId, key.dedupeKey, key.today],
  });
  return rows[0];
}
