import { parseQuery } from './parse-query';
import type { Query, QueryNode } from './query';

export interface DescribeOptions {
  /** For an alert that also announces askings (includeTabled): "questions and answers …". */
  askings?: boolean;
  /** A member's name by id, where the caller holds it: "asked or answered by Jane Smith" instead of "by member 4631". */
  memberName?: (id: number) => string | undefined;
}

/**
 * Describe a query in plain English for forms and emails, e.g.
 * `answers mentioning "encryption", from the Home Office, excluding "draft"`. A string is parsed first and may
 * throw `QueryError`.
 */
export function describeQuery(query: Query | string, options: DescribeOptions = {}): string {
  const node = typeof query === 'string' ? parseQuery(query) : query;
  // An alert that also announces askings (includeTabled) says so where it shows a question not yet answered.
  return `${options.askings ? 'questions and answers' : 'answers'} ${describeClause(node, options.memberName)}`;
}

/** Every member id a query names (member:185, speaker:185), each once. */
export function memberIdsOf(query: Query): number[] {
  const ids = new Set<number>();
  const visit = (node: QueryNode): void => {
    if (node.kind === 'member') ids.add(node.memberId);
    else if (node.kind === 'and' || node.kind === 'or') node.children.forEach(visit);
    else if (node.kind === 'not') visit(node.child);
  };
  visit(query);
  return [...ids];
}

type NameOf = DescribeOptions['memberName'];

function describeClause(node: QueryNode, nameOf: NameOf): string {
  if (node.kind === 'or') {
    if (node.children.every(isText))
      return `mentioning ${node.children.map((child) => quote(child, nameOf)).join(' or ')}`;
    return `either ${node.children.map((child) => `(${describeClause(child, nameOf)})`).join(' or ')}`;
  }
  const children = node.kind === 'and' ? node.children : [node];
  const texts = children.filter(isText);
  const excluded = children.flatMap((child) => (child.kind === 'not' ? [child.child] : []));
  const parts: string[] = [];
  if (texts.length > 0) parts.push(`mentioning ${texts.map((child) => quote(child, nameOf)).join(' and ')}`);
  for (const child of children) {
    if (child.kind === 'or' && child.children.every(isText)) parts.push(describeClause(child, nameOf));
    else if (child.kind === 'or' || child.kind === 'and') parts.push(`(${describeClause(child, nameOf)})`);
    else if (!isText(child) && child.kind !== 'not') parts.push(describeFilter(child, nameOf));
  }
  if (excluded.length > 0) {
    parts.push(
      `excluding ${excluded.map((child) => (isText(child) ? quote(child, nameOf) : `(${describeClause(child, nameOf)})`)).join(' or ')}`,
    );
  }
  return parts.join(', ');
}

const isText = (node: QueryNode): boolean => node.kind === 'word' || node.kind === 'phrase';

function quote(node: QueryNode, nameOf: NameOf): string {
  if (node.kind === 'word') return `"${node.token}"`;
  if (node.kind === 'phrase') return `"${node.tokens.join(' ')}"`;
  return describeClause(node, nameOf);
}

function describeFilter(node: QueryNode, nameOf: NameOf): string {
  switch (node.kind) {
    case 'member':
      return `asked or answered by ${nameOf?.(node.memberId) ?? `member ${node.memberId}`}`;
    case 'department':
      // "from the Home Office", but "from HM Treasury", "from the Department for Education".
      return /^(the|hm|his majesty)\b/i.test(node.display) ? `from ${node.display}` : `from the ${node.display}`;
    case 'house':
      return `in the House of ${node.house === 'commons' ? 'Commons' : 'Lords'}`;
    default:
      return describeClause(node, nameOf);
  }
}
