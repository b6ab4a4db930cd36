import { parseQuery } from './parse-query';
import type { Query, QueryNode } from './query';

/**
 * Describe a query in plain English for forms and emails, e.g.
 * `answers mentioning "encryption", from the Home Office, excluding "draft"`. A string is parsed first and may
 * throw `QueryError`.
 */
export function describeQuery(query: Query | string, options: { askings?: boolean } = {}): string {
  const node = typeof query === 'string' ? parseQuery(query) : query;
  // An alert that also announces askings (includeTabled) says so where it shows a question not yet answered.
  return `${options.askings ? 'questions and answers' : 'answers'} ${describeClause(node)}`;
}

function describeClause(node: QueryNode): string {
  if (node.kind === 'or') {
    if (node.children.every(isText)) return `mentioning ${node.children.map(quote).join(' or ')}`;
    return `either ${node.children.map((child) => `(${describeClause(child)})`).join(' or ')}`;
  }
  const children = node.kind === 'and' ? node.children : [node];
  const texts = children.filter(isText);
  const excluded = children.flatMap((child) => (child.kind === 'not' ? [child.child] : []));
  const parts: string[] = [];
  if (texts.length > 0) parts.push(`mentioning ${texts.map(quote).join(' and ')}`);
  for (const child of children) {
    if (child.kind === 'or' && child.children.every(isText)) parts.push(describeClause(child));
    else if (child.kind === 'or' || child.kind === 'and') parts.push(`(${describeClause(child)})`);
    else if (!isText(child) && child.kind !== 'not') parts.push(describeFilter(child));
  }
  if (excluded.length > 0) {
    parts.push(`excluding ${excluded.map((child) => (isText(child) ? quote(child) : `(${describeClause(child)})`)).join(' or ')}`);
  }
  return parts.join(', ');
}

const isText = (node: QueryNode): boolean => node.kind === 'word' || node.kind === 'phrase';

function quote(node: QueryNode): string {
  if (node.kind === 'word') return `"${node.token}"`;
  if (node.kind === 'phrase') return `"${node.tokens.join(' ')}"`;
  return describeClause(node);
}

function describeFilter(node: QueryNode): string {
  switch (node.kind) {
    case 'member':
      return `asked or answered by member ${node.memberId}`;
    case 'department':
      // "from the Home Office", but "from HM Treasury", "from the Department for Education".
      return /^(the|hm|his majesty)\b/i.test(node.display) ? `from ${node.display}` : `from the ${node.display}`;
    case 'house':
      return `in the House of ${node.house === 'commons' ? 'Commons' : 'Lords'}`;
    default:
      return describeClause(node);
  }
}
