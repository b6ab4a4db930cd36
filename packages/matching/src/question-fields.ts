import { withoutCutNote } from './cut-note';
import { decodeEntities, htmlToText } from './html-to-text';
import type { MatchableQuestion } from './matchable-question';

/**
 * The three searched fields as plain text, in a fixed order: heading, question text, answer text (HTML stripped).
 * Phrases never span two fields. The note that ends a text cut short (see cut-note.ts) is not part of it.
 */
export function questionFields(question: MatchableQuestion): [heading: string, question: string, answer: string] {
  return [
    decodeEntities(question.heading ?? ''),
    withoutCutNote(decodeEntities(question.questionText ?? '')),
    withoutCutNote(htmlToText(question.answerText ?? '')),
  ];
}

/** The form filters compare: trimmed and lowercased, `''` when missing. */
export const normalizeName = (name: string | null): string => (name ?? '').trim().toLowerCase();
