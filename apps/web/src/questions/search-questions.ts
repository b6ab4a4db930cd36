import type { Db } from '@alerts/db';
import { matchesQuestion, type Query } from '@alerts/matching';
import { loadAnsweredQuestions } from './answered-questions';

/** How far back search looks: the newest answers, scanned in memory with the alert engine itself. */
export const SEARCH_SCAN_LIMIT = 5_000;

/**
 * Answers matching `query`, newest first. Search uses exactly the alert engine, so a search shows what an alert with
 * the same query would send. It scans the newest SEARCH_SCAN_LIMIT answers: enough for this dataset, and a known
 * limit to replace with a full-text index when the archive grows.
 */
export async function searchQuestions(db: Db, query: Query, options: { skip: number; take: number }) {
  const answers = await loadAnsweredQuestions(db, { take: SEARCH_SCAN_LIMIT });
  const matched = answers.filter((answer) => matchesQuestion(query, answer.prepared));
  return {
    total: matched.length,
    results: matched.slice(options.skip, options.skip + options.take).map((answer) => answer.listed),
  };
}
