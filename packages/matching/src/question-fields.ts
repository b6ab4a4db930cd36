import { decodeEntities, htmlToText } from './html-to-text';
import type { MatchableQuestion } from './matchable-question';

/**
 * The three searched fields as plain text, in a fixed order: heading, question text, answer text (HTML stripped).
 * Phrases never span two fields.
 */
export function questionFields(question: MatchableQuestion): [heading: string, question: string, answer: string] {
  return [
    decodeEntities(question.heading ?? ''),
    decodeEntities(question.questionText ?? ''),
    htmlToText(question.answerText ?? ''),
  ];
}

/** The form filters compare: trimmed and lowercased, `''` when missing. */
export const normalizeName = (name: string | null): string => (name ?? '').trim().toLowerCase();
