// Random alert queries built from the vocabulary of real records, for the property test and the benchmark.
import type { MatchableQuestion } from '../src/matchable-question';
import { questionFields } from '../src/question-fields';
import { tokenize } from '../src/tokenize';

export interface Vocabulary {
  /** Every token occurrence (so sampling it is frequency-weighted). */
  occurrences: string[];
  /** Distinct tokens (so sampling it favours rare words). */
  distinct: string[];
  /** Token lists of every field, to draw real consecutive phrases from. */
  fields: string[][];
  members: number[];
  departments: string[];
}

export function buildVocabulary(questions: readonly MatchableQuestion[]): Vocabulary {
  const fields = questions.flatMap((question) => questionFields(question).map(tokenize)).filter((f) => f.length > 0);
  const occurrences = fields.flat();
  const members = new Set<number>();
  const departments = new Set<string>();
  for (const question of questions) {
    if (question.askingMemberId !== null) members.add(question.askingMemberId);
    if (question.answeringMemberId !== null) members.add(question.answeringMemberId);
    if (question.answeringBodyName !== null) departments.add(question.answeringBodyName);
  }
  return {
    occurrences,
    distinct: [...new Set(occurrences)],
    fields,
    members: [...members],
    departments: [...departments],
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function randomAtom(random: () => number, vocabulary: Vocabulary): string {
  const roll = random();
  if (roll < 0.3) return pick(random, vocabulary.occurrences);
  if (roll < 0.5) return pick(random, vocabulary.distinct);
  if (roll < 0.55) return pick(random, vocabulary.distinct).toUpperCase();
  if (roll < 0.75) {
    const field = pick(random, vocabulary.fields);
    const length = 1 + Math.floor(random() * 3);
    const start = Math.floor(random() * Math.max(1, field.length - length + 1));
    const tokens = field.slice(start, start + length);
    // Real consecutive tokens, as a quoted phrase or a hyphenated bare word.
    return random() < 0.8 ? `"${tokens.join(' ')}"` : tokens.join('-');
  }
  if (roll < 0.85) return `${random() < 0.5 ? 'speaker' : 'member'}:${pick(random, vocabulary.members)}`;
  if (roll < 0.95) return `department:"${pick(random, vocabulary.departments)}"`;
  return `house:${random() < 0.5 ? 'commons' : 'lords'}`;
}

/** A random query text (which may be invalid, e.g. exclusion-only: callers skip those). */
export function randomQuery(random: () => number, vocabulary: Vocabulary, depth = 0): string {
  const roll = random();
  // Now and then a product of ORs too wide for the index's normal form, to exercise its fallback check.
  if (depth === 0 && roll < 0.03) {
    return Array.from(
      { length: 6 },
      () => `(${randomAtom(random, vocabulary)} OR ${randomAtom(random, vocabulary)})`,
    ).join(' ');
  }
  if (depth >= 3 || roll < 0.4) return randomAtom(random, vocabulary);
  const arity = 2 + Math.floor(random() * 2);
  const parts = Array.from({ length: arity }, () => randomQuery(random, vocabulary, depth + 1));
  const wrap = (text: string) => (text.includes(' ') ? `(${text})` : text);
  if (roll < 0.65) return parts.map(wrap).join(random() < 0.5 ? ' ' : ' AND ');
  if (roll < 0.85) return parts.map(wrap).join(' OR ');
  // Negate all but the first part, with either spelling.
  return parts.map((part, i) => (i === 0 ? wrap(part) : `${random() < 0.5 ? '-' : 'NOT '}${wrap(part)}`)).join(' ');
}
