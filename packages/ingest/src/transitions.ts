import type { NormalisedQuestion, QuestionState } from '@alerts/sources';

export interface StoredQuestion {
  id: number;
  state: QuestionState;
  contentHash: string;
  dateAnswerCorrected: string | null;
}

export type Change =
  | { kind: 'create'; event: 'ANSWERED' | null }
  | { kind: 'update'; event: 'ANSWERED' | 'CORRECTED' | null }
  | { kind: 'unchanged' };

const isSubstantive = (state: QuestionState) => state === 'ANSWERED' || state === 'CORRECTED';

/**
 * What storing `next` over `previous` means. The rules that make alerts right:
 * - a question is news ("ANSWERED") the first time we see a substantive answer, including a holding answer later
 *   replaced by the real one; a holding answer itself is never news;
 * - a correction of an answer we already had is a CORRECTED event (once per correction date);
 * - a withdrawn question is stored but never news.
 */
export function classifyChange(previous: StoredQuestion | undefined, next: NormalisedQuestion): Change {
  if (!previous) return { kind: 'create', event: isSubstantive(next.state) ? 'ANSWERED' : null };
  if (previous.contentHash === next.contentHash) return { kind: 'unchanged' };
  if (isSubstantive(next.state) && !isSubstantive(previous.state)) return { kind: 'update', event: 'ANSWERED' };
  const newCorrection =
    next.state === 'CORRECTED' && (previous.state !== 'CORRECTED' || previous.dateAnswerCorrected !== next.dateAnswerCorrected);
  return { kind: 'update', event: newCorrection ? 'CORRECTED' : null };
}
