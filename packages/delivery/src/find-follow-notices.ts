import type { Db } from '@alerts/db';
import { ukToday } from '@alerts/sources';
import { FOLLOW_OVERDUE } from '@alerts/queue';
import { FOLLOW_MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';
import { findOverdueNotesDue } from './overdue-note';

/** The events a follow emails about; ANSWERED and CORRECTED are also what keyword alerts read (load-questions.ts). */
const FOLLOW_EVENT_KINDS = ['HOLDING', 'ANSWERED', 'CORRECTED', 'WITHDRAWN'] as const;

export interface FollowNotice {
  subscriberId: string;
  followId: string;
  /** QuestionEvent id, decimal; or FOLLOW_OVERDUE for the still-waiting note. */
  eventId: string;
}

/**
 * Every (follow, event) still to be emailed, then every still-waiting note due at `now` (default: now; demo mode
 * passes its ReaderClock's; see overdue-note.ts): events on a followed question after the follow was confirmed and after
 * the last event it told of, for follows that may receive mail. Not a range since a cursor but the state itself, so
 * the ingester can run it on every tick: a dispatch that died, or an event written by a run that failed later, is
 * found again, and a notice already enqueued keeps its job id (deliverJobs.follow), so nothing doubles.
 */
export async function findFollowNotices(db: Db, options: { now?: Date } = {}): Promise<FollowNotice[]> {
  // Driven from the live follows, each looking up its own question's events by index (LATERAL; OFFSET 0 keeps the
  // planner from flattening it into a hash join over every event ever written, which cost 2-3x at 580,000 events:
  // bench:follows). The kinds are compared as the enum, not as text, so the planner's estimates are real.
  const events = await db.$queryRawUnsafe<FollowNotice[]>(
    `SELECT f."subscriberId", f.id AS "followId", e.id::text AS "eventId"
     FROM "Follow" f
     JOIN "Subscriber" r ON r.id = f."subscriberId"
     CROSS JOIN LATERAL (
       SELECT e.id FROM "QuestionEvent" e
       WHERE e."questionId" = f."questionId" AND e.kind = ANY($1::text[]::"QuestionEventKind"[]) AND e."isBackfill" = false
         AND e.id > COALESCE(f."lastEventId", 0) AND e."createdAt" >= f."confirmedAt"
       OFFSET 0) e
     WHERE ${FOLLOW_MAY_RECEIVE_MAIL_SQL}
     ORDER BY e.id`,
    [...FOLLOW_EVENT_KINDS],
  );
  // The still-waiting notes due today (overdue-note.ts): until one is sent (overdueNotedAt) every tick finds it
  // again, under the same job id (deliverJobs.follow with FOLLOW_OVERDUE), so it is one job.
  const notes = await findOverdueNotesDue(db, ukToday(options.now));
  return [...events, ...notes.map((note) => ({ ...note, eventId: FOLLOW_OVERDUE }))];
}
