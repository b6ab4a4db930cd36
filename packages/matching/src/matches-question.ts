import { evaluateQuery } from './evaluate-query';
import type { MatchableQuestion } from './matchable-question';
import { parseQuery } from './parse-query';
import { prepareQuestion, type PreparedQuestion } from './prepare-question';
import type { Query } from './query';

/**
 * Does the question match the query? The direct evaluator: tokenizes the question (unless given a
 * `PreparedQuestion`) and walks the query. A string query is parsed first and may throw `QueryError`.
 * For many queries over many questions use `SubscriptionIndex`, which gives the same answers faster.
 */
export function matchesQuestion(query: Query | string, question: MatchableQuestion | PreparedQuestion): boolean {
  const node = typeof query === 'string' ? parseQuery(query) : query;
  const prepared = 'fields' in question ? question : prepareQuestion(question);
  return evaluateQuery(node, prepared);
}
