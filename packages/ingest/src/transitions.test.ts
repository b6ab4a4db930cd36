import type { NormalisedQuestion, QuestionState } from '@alerts/sources';
import { classifyChange, type StoredQuestion } from './transitions';

const stored = (state: QuestionState, dateAnswerCorrected: string | null = null): StoredQuestion => ({
  id: 1,
  state,
  contentHash: `old-${state}`,
  dateAnswerCorrected,
});
const next = (state: QuestionState, dateAnswerCorrected: string | null = null) =>
  ({ id: 1, state, contentHash: `new-${state}-${dateAnswerCorrected}`, dateAnswerCorrected }) as NormalisedQuestion;

describe('classifyChange', () => {
  it.each<[QuestionState | null, QuestionState, string | null]>([
    // first sight: a substantive answer is news, and so is a question just asked (for alerts that want those);
    // nobody can follow a question we have not stored
    [null, 'UNANSWERED', 'TABLED'],
    [null, 'HOLDING', null],
    [null, 'ANSWERED', 'ANSWERED'],
    [null, 'WITHDRAWN', null],
    // moves of a stored question
    ['UNANSWERED', 'HOLDING', 'HOLDING'],
    ['UNANSWERED', 'ANSWERED', 'ANSWERED'],
    ['HOLDING', 'ANSWERED', 'ANSWERED'],
    ['ANSWERED', 'CORRECTED', 'CORRECTED'],
    ['UNANSWERED', 'WITHDRAWN', 'WITHDRAWN'],
    ['HOLDING', 'WITHDRAWN', 'WITHDRAWN'],
    // changes of text that move nothing
    ['HOLDING', 'HOLDING', null],
    ['ANSWERED', 'ANSWERED', null],
    ['WITHDRAWN', 'WITHDRAWN', null],
    // an unanswered question whose text changes is not asked again
    ['UNANSWERED', 'UNANSWERED', null],
  ])('%s → %s writes %s', (from, to, event) => {
    const change = classifyChange(from ? stored(from) : undefined, next(to));
    expect(change).toEqual({ kind: from ? 'update' : 'create', event });
  });

  it('an unchanged record writes nothing; a second correction on another date is a second CORRECTED', () => {
    expect(
      classifyChange({ ...stored('HOLDING'), contentHash: 'same' }, { ...next('HOLDING'), contentHash: 'same' }),
    ).toEqual({ kind: 'unchanged' });
    expect(classifyChange(stored('CORRECTED', '2026-10-01'), next('CORRECTED', '2026-10-02'))).toEqual({
      kind: 'update',
      event: 'CORRECTED',
    });
    expect(classifyChange(stored('CORRECTED', '2026-10-01'), next('CORRECTED', '2026-10-01'))).toEqual({
      kind: 'update',
      event: null,
    });
  });
});
