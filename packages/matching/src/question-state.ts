/** What the index knows about the question being matched. Reused from question to question. */
export interface QuestionState {
  /** `marks[termId] === stamp` when the question is known to contain the term. */
  marks: Int32Array;
  /** `checked[termId] === stamp` once a phrase term has been looked for in this question. */
  checked: Int32Array;
  stamp: number;
  /**
   * Heading, question and answer as token term ids, each field followed by -2 so no phrase spans two fields;
   * -1 for tokens no query uses. Only the first `length` entries belong to the current question.
   */
  sequence: Int32Array;
  length: number;
  /** For a token term marked in this question: its last position in `sequence`. */
  lastAt: Int32Array;
  /** For each position: the previous position of the same token term, or -1. */
  previousAt: Int32Array;
  /** Token term ids of each phrase term, by term id; undefined for other terms. */
  phrases: (Int32Array | undefined)[];
  /** For each phrase term, the index within it of its rarest token, whose positions are walked. */
  phraseAnchors: number[];
}

/**
 * Does the question contain the term? Plain terms are marked up front; a phrase is searched for on first use and
 * the answer kept for the rest of this question, however many queries share the phrase.
 */
export function presentTerm(state: QuestionState, id: number): boolean {
  if (state.marks[id] === state.stamp) return true;
  const tokens = state.phrases[id];
  if (tokens === undefined || state.checked[id] === state.stamp) return false;
  state.checked[id] = state.stamp;
  if (!containsPhrase(state, id, tokens)) return false;
  state.marks[id] = state.stamp;
  return true;
}

// Walk the positions of the phrase's rarest token (usually one or two) and compare the tokens around each.
function containsPhrase(state: QuestionState, id: number, tokens: Int32Array): boolean {
  const { marks, stamp, sequence } = state;
  for (let k = 0; k < tokens.length; k += 1) if (marks[tokens[k] as number] !== stamp) return false;
  const offset = state.phraseAnchors[id] as number;
  for (let at = state.lastAt[tokens[offset] as number] as number; at >= 0; at = state.previousAt[at] as number) {
    const start = at - offset;
    if (start < 0) continue;
    let k = 0;
    while (k < tokens.length && sequence[start + k] === tokens[k]) k += 1;
    if (k === tokens.length) return true;
  }
  return false;
}

/**
 * Does the normal form stored at `pool[start]` hold for the question? The layout is `[length, n, literal × n,
 * m, literal × m, …]` (see `CompiledQuery.clauses`); it holds when some clause has every literal satisfied.
 */
export function clausesHold(pool: Int32Array, start: number, state: QuestionState): boolean {
  const { marks, stamp } = state;
  const stop = start + 1 + (pool[start] as number);
  let i = start + 1;
  while (i < stop) {
    const end = i + 1 + (pool[i] as number);
    let holds = true;
    for (let k = i + 1; k < end; k += 1) {
      const literal = pool[k] as number;
      if (
        literal >= 0
          ? marks[literal] !== stamp && !presentTerm(state, literal)
          : marks[~literal] === stamp || presentTerm(state, ~literal)
      ) {
        holds = false;
        break;
      }
    }
    if (holds) return true;
    i = end;
  }
  return false;
}
