import { validateQuery, type QueryNode } from '@alerts/matching';

/**
 * What an alert filters on, as the dashboard counts it: a member (`member:` or `speaker:`), else a department, else
 * a House, else words and phrases only. Read from the parsed query, so a filter's name inside a quoted phrase
 * (`"member: of the public"`) or inside a word (`non-member:5`) is text, as it is to the matcher. A stored query
 * that no longer parses matches nothing: `unreadable`.
 */
export type QueryKind = 'member' | 'department' | 'house' | 'words only' | 'unreadable';

/** The kind of a stored query (see QueryKind). */
export function queryKind(query: string): QueryKind {
  const checked = validateQuery(query);
  if (!checked.ok) return 'unreadable';
  const filters = new Set<QueryNode['kind']>();
  const visit = (node: QueryNode): void => {
    if (node.kind === 'and' || node.kind === 'or') node.children.forEach(visit);
    else if (node.kind === 'not') visit(node.child);
    else filters.add(node.kind);
  };
  visit(checked.query);
  return filters.has('member')
    ? 'member'
    : filters.has('department')
      ? 'department'
      : filters.has('house')
        ? 'house'
        : 'words only';
}
