import type { Question } from '@alerts/db';
import type { MatchableQuestion } from '@alerts/matching';

type Row = Pick<Question, 'id' | 'heading' | 'questionText' | 'answerHtml' | 'house' | 'askingMemberId' | 'answeringMemberId' | 'answeringBodyName'>;

/** The matching engine's view of a stored question (the same fields the matcher uses). */
export function toMatchable(row: Row): MatchableQuestion {
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
