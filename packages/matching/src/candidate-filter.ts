import type { QueryNode } from './query';
import { stem } from './stem';
import { departmentTerm, houseTerm, MAX_SEARCH_TERM_LENGTH, memberTerm, quoteTerm } from './search-terms';

/** A necessary condition for a query, over the terms of `searchTerms`, in PostgreSQL `tsquery` syntax. */
export interface CandidateFilter {
  /** e.g. `'encrypt' & !'draft' & ( 'gaza' | 'israel' )`: every question the query matches satisfies it. */
  tsquery: string;
  /**
   * True when the condition is also sufficient (no phrases, nothing dropped): a row of the index satisfies it
   * exactly when the query matches, so counting rows counts matches.
   */
  exact: boolean;
}

// `null` is "no condition" (true for every question), used where a part cannot be expressed safely.
type Compiled = { text: string | null; exact: boolean };

/**
 * Turn a query into a full-text candidate filter: every question the evaluator matches satisfies the filter (the
 * property test in apps/web checks this on real records), so verifying the candidates gives exactly the matches.
 * - a word is its stem, as the evaluator compares stems: exact;
 * - a phrase needs the stem of each of its tokens (a token present means its stem is present): not exact, since
 *   order, adjacency, the field and the unstemmed form are checked only by the evaluator;
 * - filters are their `name:value` terms: exact;
 * - NOT keeps its child only when the child is exact (NOT of a necessary condition is not necessary), else it
 *   is dropped, as is an OR branch with no condition.
 * A valid query is positive (see the exclusion rule), so the root always has a condition and never scans all rows.
 */
export function candidateFilter(query: QueryNode): CandidateFilter {
  const compiled = compile(query);
  if (compiled.text === null) throw new Error('a valid query always has a candidate condition');
  return { tsquery: compiled.text, exact: compiled.exact };
}

function term(value: string): Compiled {
  return value.length <= MAX_SEARCH_TERM_LENGTH
    ? { text: quoteTerm(value), exact: true }
    : { text: null, exact: false };
}

function compile(node: QueryNode): Compiled {
  switch (node.kind) {
    case 'word':
      return term(node.stem);
    case 'phrase': {
      const all = combine([...new Set(node.tokens.map(stem))].map(term), ' & ');
      return { text: all.text, exact: false };
    }
    case 'member':
      return term(memberTerm(node.memberId));
    case 'department':
      return term(departmentTerm(node.name));
    case 'house':
      return term(houseTerm(node.house));
    case 'and':
      return combine(node.children.map(compile), ' & ');
    case 'or': {
      const children = node.children.map(compile);
      if (children.some((child) => child.text === null)) return { text: null, exact: false };
      return combine(children, ' | ');
    }
    case 'not': {
      const child = compile(node.child);
      return child.exact && child.text !== null
        ? { text: `!${child.text}`, exact: true }
        : { text: null, exact: false };
    }
  }
}

// AND drops parts with no condition (the rest is still necessary); OR callers check for them first.
function combine(parts: Compiled[], operator: ' & ' | ' | '): Compiled {
  const texts = parts.flatMap((part) => (part.text === null ? [] : [part.text]));
  const exact = parts.every((part) => part.exact);
  if (texts.length === 0) return { text: null, exact: false };
  if (texts.length === 1) return { text: texts[0] ?? null, exact };
  return { text: `( ${texts.join(operator)} )`, exact };
}
