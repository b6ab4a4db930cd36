import type { Db } from '@alerts/db';
import type { Query } from '@alerts/matching';
import type { ListedQuestion } from '../views/question-list';
import type { AnswerCursor } from './answer-cursor';
import { countMatchingAnswers, type AnswerCount } from './count-matching-answers';
import { findMatchingAnswers } from './find-matching-answers';

export interface SearchResults {
  total: AnswerCount;
  results: ListedQuestion[];
  /** The next page's cursor, or null on the last page. */
  next: AnswerCursor | null;
}

/**
 * Answers of any age matching `query`, newest first, a keyset page at a time. Exactly the answers an alert with the
 * same query would send: candidates from the full-text index, each verified with the alert evaluator.
 */
export async function searchQuestions(db: Db, query: Query, options: { after?: AnswerCursor | null; take: number }): Promise<SearchResults> {
  // Counting first tells the page query how many candidates to expect, which decides its plan.
  const total = await countMatchingAnswers(db, query);
  const page = await findMatchingAnswers(db, query, { take: options.take + 1, after: options.after ?? null, candidates: total.candidates });
  // One extra answer tells whether there is a next page, which then starts after the last one shown. With fewer,
  // the scan either ran out of candidates (next null) or stopped at its limit (next: the last one examined).
  const results = page.answers.slice(0, options.take);
  const last = results[results.length - 1];
  const more = page.answers.length > options.take && last?.dateAnswered;
  return { total, results, next: more ? { dateAnswered: more, id: last.id } : page.next };
}
