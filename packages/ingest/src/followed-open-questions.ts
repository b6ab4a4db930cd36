import type { Db } from '@alerts/db';

/** At most this many followed questions are fetched again per run (each is one detail request). */
export const MAX_REFRESHED_PER_RUN = 1000;

/**
 * Questions someone follows that are still waiting (unanswered or holding), oldest first: the source fetches them
 * again on every run, because a withdrawal shows up in no dated list. Answers do (a holding answer is listed on its
 * date as answered), so this is a safety net, and cheap: an unchanged record writes nothing.
 */
export async function followedOpenQuestionIds(db: Db): Promise<number[]> {
  const rows = await db.question.findMany({
    where: { state: { in: ['UNANSWERED', 'HOLDING'] }, follows: { some: { endedAt: null } } },
    select: { id: true },
    orderBy: { dateTabled: 'asc' },
    take: MAX_REFRESHED_PER_RUN,
  });
  return rows.map((r) => r.id);
}
