// Loads the real Written Questions records bundled in @alerts/sources, for tests and the benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromApiRecord, type MatchableQuestion } from '../src/matchable-question';

const DATA = join(__dirname, '../../sources/data');
const read = (name: string): unknown => JSON.parse(readFileSync(join(DATA, name), 'utf8'));

/** 90 detail payloads with full HTML answers (Jeremy Corbyn's questions). */
export function loadDetailRecords(): MatchableQuestion[] {
  return (read('armpitpete-story-evidence-collector__wq-detail-payloads-corbyn-90.json') as unknown[]).map(
    fromApiRecord,
  );
}

/** The raw `{value, links}` list items of August 2024 (1004), as the API gives them. */
export function loadRawCommonsItems(): unknown[] {
  return read('mysociety-uk-parl-written-questions__raw-commons-2024-08.json') as unknown[];
}

/**
 * The 1004 August 2024 Commons records, with the full question and answer texts merged in for the 223 that have
 * them (the list route truncates the rest).
 */
export function loadCommonsRecords(): MatchableQuestion[] {
  const longform = read('mysociety-uk-parl-written-questions__longform-2024-08.json') as Record<
    string,
    { question_text?: string | null; answer_text?: string | null }
  >;
  return loadRawCommonsItems().map((item) => {
    const question = fromApiRecord(item);
    const full = longform[String(question.id)];
    if (full === undefined) return question;
    return {
      ...question,
      questionText: full.question_text ?? question.questionText,
      answerText: full.answer_text ?? question.answerText,
    };
  });
}

/** Every real record: the detail payloads then the August 2024 Commons records. */
export function loadAllRecords(): MatchableQuestion[] {
  return [...loadDetailRecords(), ...loadCommonsRecords()];
}
