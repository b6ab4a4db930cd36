import type { PreparedQuestion } from './prepare-question';
import type { QueryNode } from './query';

/**
 * Evaluate a query against a prepared question, directly from the syntax tree. This is the reference semantics:
 * `SubscriptionIndex` must agree with it on every query and question (the property test checks that).
 */
export function evaluateQuery(node: QueryNode, prepared: PreparedQuestion): boolean {
  switch (node.kind) {
    case 'word':
      return prepared.stems.has(node.stem);
    case 'phrase':
      return prepared.fields.some((field) => findPhrase(field, node.tokens) >= 0);
    case 'member':
      return (
        prepared.question.askingMemberId === node.memberId || prepared.question.answeringMemberId === node.memberId
      );
    case 'department':
      return prepared.department === node.name;
    case 'house':
      return prepared.house === node.house;
    case 'and':
      return node.children.every((child) => evaluateQuery(child, prepared));
    case 'or':
      return node.children.some((child) => evaluateQuery(child, prepared));
    case 'not':
      return !evaluateQuery(node.child, prepared);
  }
}

/** The index in `field` where `tokens` start consecutively, or -1. */
export function findPhrase(field: readonly string[], tokens: readonly string[], from = 0): number {
  const last = field.length - tokens.length;
  outer: for (let start = from; start <= last; start += 1) {
    for (let k = 0; k < tokens.length; k += 1) if (field[start + k] !== tokens[k]) continue outer;
    return start;
  }
  return -1;
}
