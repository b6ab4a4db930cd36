import type { QueryNode } from './query';

/**
 * A canonical string for a query: equal for queries that must match exactly the same questions by construction
 * (same stems, same phrase tokens, AND/OR children in any order). The index evaluates each distinct key once per
 * question however many subscriptions share it, so `Encryption` and `encrypted` cost one check.
 */
export function queryKey(node: QueryNode): string {
  switch (node.kind) {
    case 'word':
      return `w(${node.stem})`;
    case 'phrase':
      return `p(${node.tokens.join(' ')})`;
    case 'member':
      return `m(${node.memberId})`;
    case 'department':
      return `d(${JSON.stringify(node.name)})`;
    case 'house':
      return `h(${node.house})`;
    case 'not':
      return `!${queryKey(node.child)}`;
    case 'and':
    case 'or':
      return `${node.kind === 'and' ? '&' : '|'}(${node.children.map(queryKey).sort().join(',')})`;
  }
}
