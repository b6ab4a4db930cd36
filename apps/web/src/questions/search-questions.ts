import type { Db } from '@alerts/db';
import type { Query } from '@alerts/matching';
import type { SearchCursor } from './search-cursor';
import { countMatchingAnswers, type AnswerCount } from './count-matching-answers';
import { findMatchingAnswers, type FoundQuestion } from './find-matching-answers';
import type { SearchScope } from './search-scope';

export interface SearchResults {
  total: AnswerCount;
  results: FoundQuestion[];
  /** The next page's cursor, or null on the last page. */
  next: SearchCursor | null;
}

/**
 * Questions of `scope` matching `query`, a keyset page at a time: answers of any age, newest answer first (the
 * default), or questions still waiting for their answer, most recently tabled first. For answers, exactly the answers
 * an alert with the same query would send: candidates from the full-text index, each verified with the alert
 * evaluator.
 */
export async function searchQuestions(
  db: Db,
  query: Query,
  options: { after?: SearchCursor | null; take: number; scope?: SearchScope },
): Promise<SearchResults> {
  const scope = options.scope ?? 'answers';
  // Counting first tells the page query how many candidates to expect, which decides its plan.
  const total = await countMatchingAnswers(db, query, { scope });
  const page = await findMatchingAnswers(db, query, {
    take: options.take + 1,
    after: options.after ?? null,
    candidates: total.candidates,
    scope,
  });
  // One extra answer tells whether there is a next page, which then starts after the last one shown. With fewer,
  // the scan either ran out of candidates (next null) or stopped at its limit (next: the last one examined).
  const results = page.answers.slice(0, options.take);
  const last = results[results.length - 1];
  const more = page.answers.length > options.take && last?.sortDate;
  return { total, results, next: more ? { date: more, id: last.id } : page.next };
}
