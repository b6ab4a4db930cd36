import { prepareQuestion, searchTermsLiteral, type MatchableQuestion } from '@alerts/matching';

/** The columns of a stored question that alerts, search and the preview match against. */
export type SearchedColumns = Pick<MatchableQuestion, 'id' | 'heading' | 'house' | 'askingMemberId' | 'answeringMemberId' | 'answeringBodyName'> & {
  questionText: string | null;
  answerHtml: string | null;
};

/** A stored question as the matcher sees it: the answer is its sanitised HTML, as in the pipeline and the web app. */
export function matchableOf(row: SearchedColumns): MatchableQuestion {
  return {
    id: row.id,
    heading: row.heading,
    questionText: row.questionText,
    answerText: row.answerHtml,
    house: row.house,
    askingMemberId: row.askingMemberId,
    answeringMemberId: row.answeringMemberId,
    answeringBodyName: row.answeringBodyName,
  };
}

/** The `Question.searchTerms` value (a tsvector literal) for a question: see `searchTerms` in @alerts/matching. */
export function searchTermsOf(row: SearchedColumns): string {
  return searchTermsLiteral(prepareQuestion(matchableOf(row)));
}
