import type { QueryNode } from './query';

/**
 * Find the part of a query that could be satisfied with no positive term, or `null` when there is none.
 *
 * The rule: a word, phrase or filter is positive; `NOT x` never is (even `NOT NOT x`); an AND is positive when at
 * least one child is; an OR only when every child is. A query is valid only when its root is positive, i.e. every way
 * of satisfying it requires some word, phrase or filter to be present. That is exactly what lets the subscription
 * index file every query under terms an answer must contain.
 */
export function findExclusionOnly(node: QueryNode): QueryNode | null {
  switch (node.kind) {
    case 'not':
      return node;
    case 'and': {
      // Each child is visited once, so nesting cannot make this exponential.
      let first: QueryNode | null = null;
      for (const child of node.children) {
        const culprit = findExclusionOnly(child);
        if (culprit === null) return null;
        first ??= culprit;
      }
      return first;
    }
    case 'or':
      for (const child of node.children) {
        const culprit = findExclusionOnly(child);
        if (culprit !== null) return culprit;
      }
      return null;
    default:
      return null;
  }
}
