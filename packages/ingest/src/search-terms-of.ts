import { prepareQuestion, searchTermsLiteral } from '@alerts/matching';
import { matchableOf, type SearchedColumns } from './matchable-of';

/** The `Question.searchTerms` value (a tsvector literal) for a question: see `searchTerms` in @alerts/matching. */
export function searchTermsOf(row: SearchedColumns): string {
  return searchTermsLiteral(prepareQuestion(matchableOf(row)));
}
