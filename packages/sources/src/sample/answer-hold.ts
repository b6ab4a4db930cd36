import { endsWithCutNote } from '@alerts/matching';
import { loadSampleRecords } from './load-sample';

/**
 * Answers the sample holds back: their questions are served as they stood before the answer until released, so
 * demo mode can show an answer arriving for a question someone follows, with the real recorded answer.
 */
export interface AnswerHold {
  isHeld(id: number): boolean;
  held(): number[];
  /** Serve the real (answered) record from now on. */
  release(id: number): void;
}

export function createAnswerHold(ids: Iterable<number>): AnswerHold {
  const held = new Set(ids);
  return {
    isHeld: (id) => held.has(id),
    held: () => [...held],
    release: (id) => void held.delete(id),
  };
}

/**
 * The sample's questions whose answers demo mode can hold back: the most recently answered ones with a full answer
 * (HTML, as detail payloads give it; list items' answers are cut short and marked so), neither a holding answer nor a correction (whose earlier texts the sample lacks), nor
 * grouped (partners would be answered together). Newest answer first, so the pick is the same on every start.
 */
export function holdableAnswerIds(count: number): number[] {
  return loadSampleRecords()
    .map((item) => item.value)
    .filter(
      (v) =>
        typeof v.id === 'number' &&
        typeof v.dateAnswered === 'string' &&
        typeof v.answerText === 'string' &&
        v.answerText.includes('<p>') &&
        !endsWithCutNote(v.answerText) &&
        v.answerIsHolding === false &&
        v.answerIsCorrection === false &&
        v.isWithdrawn === false &&
        Array.isArray(v.groupedQuestions) &&
        v.groupedQuestions.length === 0,
    )
    .sort((a, b) => String(b.dateAnswered).localeCompare(String(a.dateAnswered)) || Number(b.id) - Number(a.id))
    .slice(0, count)
    .map((v) => v.id as number);
}
