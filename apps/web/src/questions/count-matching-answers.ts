import type { Db } from '@alerts/db';
import { candidateFilter, type Query } from '@alerts/matching';
import { findMatchingAnswers } from './find-matching-answers';
import { countCandidates, type AnswerWindow, type SearchScope } from './search-scope';

/**
 * Counting stops here: "more than 2,000" tells a reader as much as the exact figure, and counting costs a visit to
 * every counted row (a GIN index cannot answer a count alone): about 10 ms per thousand.
 */
const COUNT_LIMIT = 2_000;
/** Candidates a count verifies one by one at most (only queries with phrases, or rows not yet indexed, need it). */
const VERIFY_LIMIT = 300;

/**
 * `exact`: the count. `atLeast`: more than `count` (COUNT_LIMIT). `atMost`: too many candidates to verify, `count`
 * of them, an upper bound. `unknown`: more than COUNT_LIMIT candidates to verify.
 */
export interface AnswerCount {
  count: number;
  bound: 'exact' | 'atLeast' | 'atMost' | 'unknown';
  /** Full-text candidates, counted up to COUNT_LIMIT + 1: `findMatchingAnswers` plans with it. */
  candidates: number;
}

/**
 * How many questions of `scope` (default: answers; within `window`) match `query`. When the full-text filter is exact (no phrases) and every row is
 * indexed, PostgreSQL counts; otherwise the candidates are verified with the evaluator, up to VERIFY_LIMIT of them.
 */
export async function countMatchingAnswers(
  db: Db,
  query: Query,
  options: { window?: AnswerWindow; scope?: SearchScope } = {},
): Promise<AnswerCount> {
  const filter = candidateFilter(query);
  const scope = options.scope ?? 'answers';
  const limit = COUNT_LIMIT;
  const { candidates, unindexed } = await countCandidates(
    db,
    { tsquery: filter.tsquery, scope, window: options.window },
    limit,
  );
  if (filter.exact && unindexed === 0)
    return candidates > limit
      ? { count: limit, bound: 'atLeast', candidates }
      : { count: candidates, bound: 'exact', candidates };
  if (candidates > limit) return { count: limit, bound: 'unknown', candidates };
  if (candidates > VERIFY_LIMIT) return { count: candidates, bound: 'atMost', candidates };
  const verified = await findMatchingAnswers(db, query, {
    take: VERIFY_LIMIT,
    maxExamined: VERIFY_LIMIT + 1,
    candidates,
    scope,
    ...(options.window ? { window: options.window } : {}),
  });
  return { count: verified.answers.length, bound: 'exact', candidates };
}
