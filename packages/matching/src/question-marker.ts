import { growInt32 } from './grow-int32';
import type { QuestionState } from './question-state';
import type { MatchableQuestion } from './matchable-question';
import { normalizeName, questionFields } from './question-fields';
import { stem } from './stem';
import type { TermDictionary } from './term-dictionary';
import { tokenize } from './tokenize';

const STEM_CACHE_LIMIT = 500_000;

/**
 * Turns each question into the set of dictionary terms it contains, marked with a fresh stamp in a shared array
 * (no per-question Set), plus its fields as term ids for phrase checks. One per index; not re-entrant.
 */
export class QuestionMarker {
  readonly state: QuestionState;
  /** Distinct term ids of the current question, in first-seen order. */
  readonly present: number[] = [];
  /** Set when the stamp wrapped around; the caller must then forget stamps it stored elsewhere. */
  wrapped = false;
  // token → its stem's term id (-1: no query uses that stem). Stale once a stem is added, hence the generation.
  private readonly stemOfToken = new Map<string, number>();
  private generation = -1;

  constructor(private readonly terms: TermDictionary) {
    this.state = {
      marks: new Int32Array(1024),
      checked: new Int32Array(1024),
      lastAt: new Int32Array(1024),
      stamp: 0,
      sequence: new Int32Array(4096),
      previousAt: new Int32Array(4096),
      length: 0,
      phrases: terms.phraseTokens,
      phraseAnchors: terms.phraseAnchors,
    };
  }

  mark(question: MatchableQuestion): QuestionState {
    this.prepare();
    const { terms, present } = this;
    present.length = 0;
    const useStems = terms.stems.size > 0;
    const { state } = this;
    let at = 0;
    for (const text of questionFields(question)) {
      const tokens = tokenize(text);
      if (state.sequence.length < at + tokens.length + 1) this.growSequence(at + tokens.length + 1);
      const { sequence, previousAt, lastAt, marks } = state;
      for (let i = 0; i < tokens.length; i += 1, at += 1) {
        const token = tokens[i] as string;
        const id = terms.tokens.get(token) ?? -1;
        sequence[at] = id;
        if (id >= 0) {
          previousAt[at] = marks[id] === state.stamp ? (lastAt[id] as number) : -1;
          lastAt[id] = at;
          this.add(id);
        }
        if (useStems) {
          let stemId = this.stemOfToken.get(token);
          if (stemId === undefined) {
            stemId = terms.stems.get(stem(token)) ?? -1;
            this.stemOfToken.set(token, stemId);
          }
          if (stemId >= 0) this.add(stemId);
        }
      }
      sequence[at] = -2; // field boundary: no phrase crosses it
      at += 1;
    }
    state.length = at;
    for (const member of [question.askingMemberId, question.answeringMemberId]) {
      const id = member === null ? undefined : terms.members.get(member);
      if (id !== undefined) this.add(id);
    }
    const department = terms.departments.get(normalizeName(question.answeringBodyName));
    if (department !== undefined) this.add(department);
    const house = terms.houses.get(normalizeName(question.house));
    if (house !== undefined) this.add(house);
    return this.state;
  }

  private growSequence(length: number): void {
    const size = Math.max(length, this.state.sequence.length * 2);
    this.state.sequence = growInt32(this.state.sequence, size);
    this.state.previousAt = growInt32(this.state.previousAt, size);
  }

  private add(id: number): void {
    if (this.state.marks[id] !== this.state.stamp) {
      this.state.marks[id] = this.state.stamp;
      this.present.push(id);
    }
  }

  private prepare(): void {
    const { state, terms } = this;
    if (state.marks.length < terms.size) {
      const length = Math.max(terms.size, state.marks.length * 2);
      state.marks = growInt32(state.marks, length);
      state.checked = growInt32(state.checked, length);
      state.lastAt = growInt32(state.lastAt, length);
    }
    if (this.generation !== terms.stemGeneration || this.stemOfToken.size > STEM_CACHE_LIMIT) {
      this.stemOfToken.clear();
      this.generation = terms.stemGeneration;
    }
    this.wrapped = state.stamp === 0x7fffffff;
    if (this.wrapped) {
      state.marks.fill(0);
      state.checked.fill(0);
      state.stamp = 0;
    }
    state.stamp += 1;
  }
}
