import type { NormalisedQuestion, QuestionState } from '@alerts/sources';

export interface StoredQuestion {
  id: number;
  state: QuestionState;
  contentHash: string;
  dateAnswerCorrected: string | null;
}

/**
 * What a change of state means. ANSWERED and CORRECTED are news for keyword alerts, TABLED for the alerts that also
 * want questions when they are asked (includeTabled); HOLDING and WITHDRAWN only for followers of the question (the
 * matcher never reads them), who in turn ignore TABLED.
 */
export type EventKind = 'ANSWERED' | 'CORRECTED' | 'HOLDING' | 'WITHDRAWN' | 'TABLED';

export type Change =
  | { kind: 'create'; event: 'ANSWERED' | 'TABLED' | null }
  | { kind: 'update'; event: EventKind | null }
  | { kind: 'unchanged' };

const isSubstantive = (state: QuestionState) => state === 'ANSWERED' || state === 'CORRECTED';

/**
 * What storing `next` over `previous` means. The rules that make alerts and follows right:
 * - a question is news ("ANSWERED") the first time we see a substantive answer, including a holding answer later
 *   replaced by the real one; a holding answer is never ANSWERED;
 * - a correction of an answer we already had is a CORRECTED event (once per correction date);
 * - a question we held as unanswered that gets a holding answer is a HOLDING event, and one that is withdrawn a
 *   WITHDRAWN event (each once: the state must actually move);
 * - a question first seen unanswered is a TABLED event: it has just been asked (a backfill marks it, like any of its
 *   events, so it is never announced);
 * - a question first seen held or withdrawn writes nothing: nobody can be following it yet, and it is no longer
 *   news that it was asked.
 */
export function classifyChange(previous: StoredQuestion | undefined, next: NormalisedQuestion): Change {
  if (!previous)
    return {
      kind: 'create',
      event: isSubstantive(next.state) ? 'ANSWERED' : next.state === 'UNANSWERED' ? 'TABLED' : null,
    };
  if (previous.contentHash === next.contentHash) return { kind: 'unchanged' };
  if (next.state === 'WITHDRAWN') return { kind: 'update', event: previous.state === 'WITHDRAWN' ? null : 'WITHDRAWN' };
  if (isSubstantive(next.state) && !isSubstantive(previous.state)) return { kind: 'update', event: 'ANSWERED' };
  if (next.state === 'HOLDING' && previous.state === 'UNANSWERED') return { kind: 'update', event: 'HOLDING' };
  const newCorrection =
    next.state === 'CORRECTED' &&
    (previous.state !== 'CORRECTED' || previous.dateAnswerCorrected !== next.dateAnswerCorrected);
  return { kind: 'update', event: newCorrection ? 'CORRECTED' : null };
}
