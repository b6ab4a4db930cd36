import { presentTerm, type QuestionState } from './question-state';
import type { AtomNode, QueryNode } from './query';
import type { TermDictionary } from './term-dictionary';

/** A query turned into term ids: where to file it, and how to verify a candidate. */
export interface CompiledQuery {
  /** Terms one of which every matching question contains; the query is filed under each. */
  anchors: number[];
  /**
   * The query in disjunctive normal form, flattened: `[n, literal × n, m, literal × m, …]`, where a literal is a
   * term id (must be present) or `~id` (must be absent); it holds when some clause holds. For a single-clause query
   * with one anchor the anchor itself is left out, so `[0]` means "being a candidate is enough". `null` when the
   * normal form would be too big, and then `check` is used.
   */
  clauses: Int32Array | null;
  check: ((state: QuestionState) => boolean) | null;
  /**
   * For the common shapes, posting entries that decide the match on their own with at most two literals each, so
   * matching never leaves the posting list: a conjunction (`a b`, `a -b`, `a department:x`) is one entry under its
   * rarest term; an OR of up to three terms (`a OR b`) is one entry per term, the k-th also requiring the earlier
   * terms absent so a question reaching several is reported once. `null` for other queries.
   */
  inline: InlineEntry[] | null;
}

/** A posting entry that carries its own check: file under `anchor`; match when every literal holds. */
export interface InlineEntry {
  anchor: number;
  literals: number[];
}

/** Most literals an inline entry carries (the posting stride is fixed). */
const INLINE_LITERALS = 2;

// Past this the normal form (a product of ORs) is not worth it; such queries are rare and use the closure check.
const MAX_CLAUSES = 32;

/** Compile a parsed, valid query against the index's term dictionary, interning its terms. */
export function compileQuery(node: QueryNode, terms: TermDictionary): CompiledQuery {
  const dnf = toDnf(node, false, terms);
  if (dnf === null) {
    const anchors = chooseAnchors(node, terms);
    if (anchors === null) throw new Error('query has no positive term; parseQuery should have rejected it');
    return { anchors: [...new Set(anchors.ids)], clauses: null, check: compileCheck(node, terms), inline: null };
  }
  // Every clause of a valid query has a positive literal (see findExclusionOnly); file each under its rarest.
  const anchors = new Set<number>();
  const cost = (id: number) => terms.costs[terms.anchorOf(id)] ?? 1;
  for (const clause of dnf) {
    const positives = clause.filter((literal) => literal >= 0);
    if (positives.length === 0) throw new Error('clause has no positive term; parseQuery should have rejected it');
    anchors.add(terms.anchorOf(positives.reduce((best, id) => (cost(id) < cost(best) ? id : best))));
  }
  const only = dnf.length === 1 && anchors.size === 1 ? [...anchors][0] : undefined;
  const flat: number[] = [];
  for (const clause of dnf) {
    const kept = clause.filter((literal) => literal !== only);
    flat.push(kept.length, ...kept);
  }
  return {
    anchors: [...anchors],
    clauses: Int32Array.from(flat),
    check: null,
    inline: inlineEntries(dnf, only, terms),
  };
}

function inlineEntries(dnf: number[][], only: number | undefined, terms: TermDictionary): InlineEntry[] | null {
  const [single] = dnf;
  if (dnf.length === 1 && single !== undefined && only !== undefined) {
    const literals = single.filter((literal) => literal !== only);
    return literals.length <= INLINE_LITERALS ? [{ anchor: only, literals }] : null;
  }
  if (dnf.length > INLINE_LITERALS + 1 || !dnf.every((clause) => clause.length === 1 && (clause[0] as number) >= 0))
    return null;
  const entries: InlineEntry[] = [];
  const earlier: number[] = [];
  for (const [literal] of dnf as [number][]) {
    const anchor = terms.anchorOf(literal);
    // A phrase term is not marked up front, so its entry must check it; a plain term is its own anchor.
    const literals = [...(anchor === literal ? [] : [literal]), ...earlier.map((id) => ~id)];
    if (literals.length > INLINE_LITERALS) return null;
    entries.push({ anchor, literals });
    earlier.push(literal);
  }
  return entries;
}

// The term for an atom; a phrase of several tokens becomes a phrase term, checked lazily per question.
function termOf(node: AtomNode, terms: TermDictionary): number {
  switch (node.kind) {
    case 'word':
      return terms.stem(node.stem);
    case 'phrase':
      return node.tokens.length === 1 ? terms.token(node.tokens[0] as string) : terms.phrase(node.tokens);
    case 'member':
      return terms.member(node.memberId);
    case 'department':
      return terms.department(node.name);
    case 'house':
      return terms.house(node.house);
  }
}

// Disjunctive normal form with NOT pushed to the literals (De Morgan); null once it exceeds MAX_CLAUSES.
function toDnf(node: QueryNode, negated: boolean, terms: TermDictionary): number[][] | null {
  if (node.kind === 'not') return toDnf(node.child, !negated, terms);
  if (node.kind !== 'and' && node.kind !== 'or') {
    const id = termOf(node, terms);
    return [[negated ? ~id : id]];
  }
  const parts: number[][][] = [];
  for (const child of node.children) {
    const part = toDnf(child, negated, terms);
    if (part === null) return null;
    parts.push(part);
  }
  if ((node.kind === 'or') !== negated) {
    const union = parts.flat();
    return union.length > MAX_CLAUSES ? null : union;
  }
  let product: number[][] = [[]];
  for (const part of parts) {
    const next: number[][] = [];
    for (const left of product) {
      for (const right of part) {
        const clause = [...new Set([...left, ...right])];
        // A clause needing a term both present and absent can never hold.
        if (!clause.some((literal) => literal < 0 && clause.includes(~literal))) next.push(clause);
      }
    }
    if (next.length > MAX_CLAUSES) return null;
    product = next;
  }
  return product;
}

interface AnchorSet {
  ids: number[];
  cost: number;
}

// Fallback anchors straight from the tree: AND takes its cheapest positive child, OR the union, NOT nothing.
function chooseAnchors(node: QueryNode, terms: TermDictionary): AnchorSet | null {
  switch (node.kind) {
    case 'not':
      return null;
    case 'and': {
      let best: AnchorSet | null = null;
      for (const child of node.children) {
        const candidate = chooseAnchors(child, terms);
        if (candidate !== null && (best === null || candidate.cost < best.cost)) best = candidate;
      }
      return best;
    }
    case 'or': {
      const ids: number[] = [];
      let cost = 0;
      for (const child of node.children) {
        const part = chooseAnchors(child, terms);
        if (part === null) return null;
        ids.push(...part.ids);
        cost += part.cost;
      }
      return { ids, cost };
    }
    default: {
      const id = terms.anchorOf(termOf(node, terms));
      return { ids: [id], cost: terms.costs[id] ?? 1 };
    }
  }
}

function compileCheck(node: QueryNode, terms: TermDictionary): (state: QuestionState) => boolean {
  switch (node.kind) {
    case 'and': {
      const checks = node.children.map((child) => compileCheck(child, terms));
      return (state) => checks.every((check) => check(state));
    }
    case 'or': {
      const checks = node.children.map((child) => compileCheck(child, terms));
      return (state) => checks.some((check) => check(state));
    }
    case 'not': {
      const check = compileCheck(node.child, terms);
      return (state) => !check(state);
    }
    default: {
      const id = termOf(node, terms);
      return (state) => presentTerm(state, id);
    }
  }
}
