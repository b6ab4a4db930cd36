import type { MatchableQuestion } from './matchable-question';
import { normalizeName, questionFields } from './question-fields';
import { stem } from './stem';
import { tokenize } from './tokenize';

/**
 * Estimated fraction of questions (0–1) that contain a term. The index files each query under its rarest required
 * terms, so a good estimate means fewer candidates to verify; a bad one costs speed, never correctness.
 */
export interface TermCosts {
  stem(value: string): number;
  token(value: string): number;
  member(id: number): number;
  department(name: string): number;
  house(house: string): number;
}

// Without a sample, treat the words every written question repeats as common and everything else as rare.
const COMMON = new Set(
  (
    'a an and are as at be by for from has have he her his in is it its many of on or she that the their this to what ' +
    'whether which will with ask asked secretary state department government majesty hm make made assessment steps ' +
    'taking take number how when been any other answer question policy support uk national'
  ).split(' '),
);
const COMMON_STEMS = new Set([...COMMON].map(stem));

/** Cost estimates from word lists alone, used when no sample of questions is given. */
export const defaultTermCosts: TermCosts = {
  stem: (value) => (COMMON_STEMS.has(value) ? 0.9 : 0.02),
  token: (value) => (COMMON.has(value) ? 0.9 : 0.02),
  member: () => 0.01,
  department: () => 0.06,
  house: () => 0.6,
};

/**
 * Cost estimates from the document frequencies of a sample of real questions (a few hundred recent ones are
 * plenty). Terms absent from the sample count as rarer than any seen.
 */
export function termCostsFromSample(sample: readonly MatchableQuestion[]): TermCosts {
  const stems = new Map<string, number>();
  const tokens = new Map<string, number>();
  const members = new Map<number, number>();
  const departments = new Map<string, number>();
  const houses = new Map<string, number>();
  const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const question of sample) {
    const seen = new Set(questionFields(question).flatMap(tokenize));
    for (const token of seen) count(tokens, token);
    for (const value of new Set([...seen].map(stem))) count(stems, value);
    for (const id of new Set([question.askingMemberId, question.answeringMemberId]))
      if (id !== null) count(members, id);
    count(departments, normalizeName(question.answeringBodyName));
    count(houses, normalizeName(question.house));
  }
  const n = Math.max(sample.length, 1);
  const frequency =
    <K>(map: Map<K, number>) =>
    (key: K) =>
      ((map.get(key) ?? 0) + 0.5) / n;
  return {
    stem: frequency(stems),
    token: frequency(tokens),
    member: frequency(members),
    department: frequency(departments),
    house: frequency(houses),
  };
}
