type Item = { value: Record<string, unknown>; links?: unknown };

/**
 * An answered record as the API listed it between tabling and answer: the question's own fields as they are, every
 * answer field empty, exactly as in the API's tabled list items (the sample's 2026-09 records): no heading yet (the
 * department gives it with the answer), no answering member, no dates of answer, holding answer or correction.
 */
export function beforeAnswer(item: Item): Item {
  return {
    ...item,
    value: {
      ...item.value,
      heading: null,
      answerIsHolding: null,
      answerIsCorrection: null,
      answeringMemberId: null,
      answeringMember: null,
      correctingMemberId: null,
      correctingMember: null,
      dateAnswered: null,
      answerText: null,
      originalAnswerText: '',
      comparableAnswerText: '',
      dateAnswerCorrected: null,
      dateHoldingAnswer: null,
      attachmentCount: 0,
      attachments: [],
    },
  };
}
