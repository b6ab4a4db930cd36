import type { FetchOptions, QuestionSource, SourceItem } from '../source';
import type { AnswerHold } from './answer-hold';
import { beforeAnswer } from './before-answer';
import { loadSampleMembers } from './load-members';
import { loadSampleRecords } from './load-sample';

const inWindow = (date: unknown, from: string, to: string) =>
  typeof date === 'string' && date.slice(0, 10) >= from && date.slice(0, 10) <= to;

export interface SampleSourceOptions {
  /** Questions served as they stood before their answer until released (demo mode). */
  hold?: AnswerHold;
}

/**
 * The bundled real records as a source: the default when no PARLIAMENT_API_URL is configured, so a newcomer
 * has real questions with no network. With a window, only questions tabled, answered or corrected in it.
 */
export function createSampleSource(options: SampleSourceOptions = {}): QuestionSource {
  const { hold } = options;
  return {
    name: 'sample',
    async *fetch({ window, onProgress }: FetchOptions): AsyncGenerator<SourceItem> {
      const records = loadSampleRecords()
        .map((item) => (hold?.isHeld(item.value.id as number) ? beforeAnswer(item) : item))
        .filter(
          (item) =>
            !window ||
            inWindow(item.value.dateAnswered, window.from, window.to) ||
            inWindow(item.value.dateAnswerCorrected, window.from, window.to) ||
            inWindow(item.value.dateTabled, window.from, window.to),
        );
      let done = 0;
      for (const record of records) {
        onProgress?.({ phase: 'read', done: ++done, total: records.length });
        yield { kind: 'record', record };
      }
    },
    knownMembers: async () => loadSampleMembers(),
  };
}
