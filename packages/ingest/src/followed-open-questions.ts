import type { Db } from '@alerts/db';

/** At most this many followed questions are fetched again per run (each is one detail request). */
const MAX_REFRESHED_PER_RUN = 1000;

/**
 * Questions someone follows that are still waiting (unanswered or holding), oldest first: the source fetches them
 * again on every run, because a withdrawal shows up in no dated list. Answers do (a holding answer is listed on its
 * date as answered), so this is a safety net, and cheap: an unchanged record writes nothing.
 */
export async function followedOpenQuestionIds(db: Db): Promise<number[]> {
  // The states as constants, as in the partial index of waiting questions ("Question_waiting_idx"), so it is used.
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT q.id FROM "Question" q
     WHERE q.state IN ('UNANSWERED', 'HOLDING') AND EXISTS (SELECT 1 FROM "Follow" f WHERE f."questionId" = q.id AND f."endedAt" IS NULL)
     ORDER BY q."dateTabled", q.id LIMIT $1`,
    MAX_REFRESHED_PER_RUN,
  );
  return rows.map((r) => r.id);
}
