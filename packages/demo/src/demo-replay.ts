import type { Db } from '@alerts/db';
import { matchableOf } from '@alerts/ingest';
import { candidateFilter, evaluateQuery, prepareQuestion, validateQuery } from '@alerts/matching';
import { findWaitingAlertQueries } from '@alerts/delivery';

/** Stored answers released first for each newly confirmed alert still without any: its first email's worth. */
const FIRST_ANSWERS_PER_ALERT = 3;
/** Candidates read per waiting alert: bounds a common word's cost; the evaluator keeps only real matches. */
const CANDIDATES_PER_ALERT = 200;

// The full-text index picks candidates (a necessary condition), longest since last announced first.
const CANDIDATES = `
  SELECT id, heading, "questionText", "answerHtml", house, "askingMemberId", "answeringMemberId", "answeringBodyName"
  FROM "Question"
  WHERE state IN ('ANSWERED', 'CORRECTED') AND ("searchTerms" @@ $1::tsquery OR "searchTerms" IS NULL)
  ORDER BY "newlyAnsweredAt" ASC NULLS FIRST, id LIMIT ${CANDIDATES_PER_ALERT}`;

/** Stored answers that match alerts confirmed recently and still waiting for their first email. */
async function answersForWaitingAlerts(db: Db): Promise<number[]> {
  const chosen: number[] = [];
  for (const text of await findWaitingAlertQueries(db)) {
    const checked = validateQuery(text);
    if (!checked.ok) continue;
    const query = checked.query;
    const rows = await db.$queryRawUnsafe<Parameters<typeof matchableOf>[0][]>(
      CANDIDATES,
      candidateFilter(query).tsquery,
    );
    let taken = 0;
    for (const row of rows) {
      if (taken === FIRST_ANSWERS_PER_ALERT) break;
      if (chosen.includes(row.id) || !evaluateQuery(query, prepareQuestion(matchableOf(row)))) continue;
      chosen.push(row.id);
      taken++;
    }
  }
  return chosen;
}

/**
 * Demo mode: make stored questions news again, as if answered now, so a newcomer sees alerts arrive within a
 * minute of subscribing. First, a few stored answers that match each alert confirmed in the last hour and still
 * without any match (so a narrow alert does not wait hours for its turn in the replay); then the answered questions
 * announced longest ago, up to `count` in all. Each gets a fresh ANSWERED event (the real records are unchanged).
 * Never used outside `npm start`'s demo mode.
 */
export async function replayAsNew(db: Db, count: number): Promise<number> {
  const first = (await answersForWaitingAlerts(db)).slice(0, count);
  const rest = await db.question.findMany({
    where: { state: { in: ['ANSWERED', 'CORRECTED'] }, id: { notIn: first } },
    orderBy: [{ newlyAnsweredAt: 'asc' }, { id: 'asc' }],
    take: count - first.length,
    select: { id: true },
  });
  const ids = [...first, ...rest.map((q) => q.id)];
  if (!ids.length) return 0;
  const now = new Date();
  await db.$transaction([
    db.questionEvent.createMany({
      data: ids.map((questionId) => ({ questionId, kind: 'ANSWERED' as const, createdAt: now })),
    }),
    db.question.updateMany({ where: { id: { in: ids } }, data: { newlyAnsweredAt: now } }),
  ]);
  return ids.length;
}
