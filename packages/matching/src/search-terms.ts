import type { PreparedQuestion } from './prepare-question';

/**
 * PostgreSQL refuses lexemes over 2,046 bytes. 500 characters is at most 2,000 bytes of UTF-8, and no query word
 * can be longer (a query is at most 500 characters), so dropping longer tokens never loses a possible match.
 */
export const MAX_SEARCH_TERM_LENGTH = 500;

/** Filter terms carry a `name:` prefix; word stems are runs of letters and digits, so the two can never collide. */
export const memberTerm = (id: number): string => `member:${id}`;
export const departmentTerm = (name: string): string => `department:${name}`;
export const houseTerm = (house: string): string => `house:${house}`;

/**
 * The terms a full-text index should hold for a question so that `candidateFilter` never misses a match: the
 * Porter2 stem of every token in every field (exactly `prepared.stems`, the set the evaluator tests words against)
 * plus one term per filter value (`member:4641`, `department:home office`, `house:commons`). Computed by the same
 * tokenizer and stemmer as the evaluator, so the index cannot disagree with it on how text splits or stems.
 */
export function searchTerms(prepared: PreparedQuestion): string[] {
  const terms = [...prepared.stems].filter((term) => term.length <= MAX_SEARCH_TERM_LENGTH);
  const { askingMemberId, answeringMemberId } = prepared.question;
  if (askingMemberId !== null) terms.push(memberTerm(askingMemberId));
  if (answeringMemberId !== null && answeringMemberId !== askingMemberId) terms.push(memberTerm(answeringMemberId));
  if (prepared.department && prepared.department.length <= MAX_SEARCH_TERM_LENGTH)
    terms.push(departmentTerm(prepared.department));
  if (prepared.house) terms.push(houseTerm(prepared.house));
  return terms;
}

/** A term quoted for PostgreSQL's tsvector and tsquery input syntax (quotes doubled, backslashes escaped). */
export function quoteTerm(term: string): string {
  return `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** `searchTerms` as a PostgreSQL `tsvector` literal: `'encrypt' 'house:commons' …` (no positions). */
export function searchTermsLiteral(prepared: PreparedQuestion): string {
  return searchTerms(prepared).map(quoteTerm).join(' ');
}
