// The public face of @alerts/matching: the alert query language and the subscription percolator.
export type { MatchableQuestion } from './matchable-question';
export { fromApiRecord } from './matchable-question';
export type {
  Query,
  QueryNode,
  AtomNode,
  WordNode,
  PhraseNode,
  MemberNode,
  DepartmentNode,
  HouseNode,
  AndNode,
  OrNode,
  NotNode,
} from './query';
export { QueryError } from './query-error';
export { parseQuery, MAX_QUERY_LENGTH, MAX_QUERY_TERMS } from './parse-query';
export { validateQuery, type QueryValidation } from './validate-query';
export { describeQuery, memberIdsOf, type DescribeOptions } from './describe-query';
export { matchesQuestion } from './matches-question';
export { prepareQuestion, type PreparedQuestion } from './prepare-question';
export { evaluateQuery } from './evaluate-query';
export { matchedWords, questionSurface, type QuestionSurface } from './matched-words';
export { SubscriptionIndex, type SubscriptionIndexOptions } from './subscription-index';
export type { SubscriptionId, SubscriptionMatch } from './subscription-id';
export { termCostsFromSample, defaultTermCosts, type TermCosts } from './term-costs';
export { tokenize } from './tokenize';
export { stem } from './stem';
export { htmlToText } from './html-to-text';
export { cutNote, endsWithCutNote, splitCutNote, withoutCutNote, type CutText } from './cut-note';
export { searchTerms, searchTermsLiteral, MAX_SEARCH_TERM_LENGTH } from './search-terms';
export { candidateFilter, type CandidateFilter } from './candidate-filter';
