import type { MatchableQuestion } from './matchable-question';
import { normalizeName, questionFields } from './question-fields';
import { stem } from './stem';
import { tokenize } from './tokenize';

/** A question tokenized once, so many queries can be evaluated against it with `evaluateQuery`. */
export interface PreparedQuestion {
  question: MatchableQuestion;
  /** Tokens of the heading, question text and answer text, each field separately. */
  fields: string[][];
  /** The Porter2 stems of every token in every field. */
  stems: Set<string>;
  /** Answering body name, trimmed and lowercased. */
  department: string;
  /** House, trimmed and lowercased. */
  house: string;
}

/** Tokenize and stem a question once, for evaluating many queries against it. */
export function prepareQuestion(question: MatchableQuestion): PreparedQuestion {
  const fields = questionFields(question).map(tokenize);
  const stems = new Set<string>();
  for (const field of fields) for (const token of field) stems.add(stem(token));
  return {
    question,
    fields,
    stems,
    department: normalizeName(question.answeringBodyName),
    house: normalizeName(question.house),
  };
}
