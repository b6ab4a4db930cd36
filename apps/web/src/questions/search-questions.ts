import type { Db } from '@alerts/db';
import { matchesQuestion, prepareQuestion, type Query } from '@alerts/matching';
import { toMatchable } from './to-matchable';

/** How far back search looks: the newest answers, scanned in memory with the alert engine itself. */
export const SEARCH_SCAN_LIMIT = 5_000;
const FIELDS = { id: true, uin: true, heading: true, questionText: true, answerHtml: true, house: true, askingMemberId: true, answeringMemberId: true, answeringBodyName: true, dateAnswered: true } as const;

/**
 * Answers matching `query`, newest first. Search uses exactly the alert engine, so a search shows what an alert with
 * the same query would send. It scans the newest SEARCH_SCAN_LIMIT answers: enough for this dataset, and a known
 * limit to replace with a full-text index when the archive grows.
 */
export async function searchQuestions(db: Db, query: Query, options: { skip: number; take: number }) {
  const rows = await db.question.findMany({ where: { answerHtml: { not: null } }, orderBy: [{ dateAnswered: 'desc' }, { id: 'desc' }], take: SEARCH_SCAN_LIMIT, select: FIELDS });
  const matched = rows.filter((row) => matchesQuestion(query, prepareQuestion(toMatchable(row))));
  return {
    total: matched.length,
    results: matched.slice(options.skip, options.skip + options.take).map(({ id, uin, heading, answeringBodyName, dateAnswered }) => ({ id, uin, heading, answeringBodyName, dateAnswered })),
  };
}
