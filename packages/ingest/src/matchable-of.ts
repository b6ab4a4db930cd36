import type { MatchableQuestion } from '@alerts/matching';

/** The columns of a stored question that alerts, search and the preview match against. */
export type SearchedColumns = Pick<
  MatchableQuestion,
  'id' | 'heading' | 'house' | 'askingMemberId' | 'answeringMemberId' | 'answeringBodyName'
> & {
  questionText: string | null;
  answerHtml: string | null;
};

/**
 * A stored question as the matcher sees it: the one mapping of a `Question` row to @alerts/matching's shape, for the
 * matcher (pipeline), the emails' highlighting, search, the preview and the search terms. The answer is its
 * sanitised HTML, which the matcher reads as it reads an API record's.
 */
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
