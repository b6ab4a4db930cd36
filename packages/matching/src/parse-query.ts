import { lexQuery, type Lexeme } from './lex-query';
import { makeAtom } from './make-atom';
import type { Query, QueryNode } from './query';
import { QueryError } from './query-error';
import { findExclusionOnly } from './find-exclusion-only';

/** Longest query text accepted, in characters. */
export const MAX_QUERY_LENGTH = 500;
/** Most words, phrases and filters one query may hold. */
export const MAX_QUERY_TERMS = 50;

/**
 * Parse alert query text into a `Query`. Throws `QueryError` (code `QUERY_INVALID`, with a 0-based `position`) for
 * any invalid query and never anything else. See the package README for the language.
 */
export function parseQuery(text: string): Query {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new QueryError(`the query is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  }
  if (text.trim() === '') throw new QueryError('the query is empty', 0);
  const parser = new Parser(lexQuery(text));
  const root = parser.parseOr();
  const extra = parser.peek();
  if (extra !== undefined) throw new QueryError('unbalanced bracket: this ")" has no "("', extra.position);
  const culprit = findExclusionOnly(root);
  if (culprit !== null) {
    throw new QueryError(
      'the query can match only by exclusion: add a word, phrase or filter that answers must contain',
      parser.positions.get(culprit) ?? 0,
    );
  }
  return root;
}

const isOperator = (lexeme: Lexeme | undefined, op: string): boolean =>
  lexeme !== undefined && lexeme.kind === 'word' && lexeme.text === op;

// Recursive descent, precedence tightest first: NOT/-, AND (or juxtaposition), OR.
class Parser {
  /** Where each node starts in the query text, for error positions. */
  readonly positions = new Map<QueryNode, number>();
  private index = 0;
  private terms = 0;

  constructor(private readonly lexemes: Lexeme[]) {}

  peek(): Lexeme | undefined {
    return this.lexemes[this.index];
  }

  parseOr(): QueryNode {
    const start = this.peek()?.position ?? 0;
    const children = [this.parseAnd()];
    while (isOperator(this.peek(), 'OR')) {
      this.operand(this.next(), 'OR');
      children.push(this.parseAnd());
    }
    return this.group('or', children, start);
  }

  private parseAnd(): QueryNode {
    const start = this.peek()?.position ?? 0;
    const children = [this.parseUnary()];
    for (;;) {
      const lexeme = this.peek();
      if (isOperator(lexeme, 'AND')) {
        this.operand(this.next(), 'AND');
      } else if (lexeme === undefined || lexeme.kind === 'close' || isOperator(lexeme, 'OR')) {
        break;
      }
      children.push(this.parseUnary());
    }
    return this.group('and', children, start);
  }

  private parseUnary(): QueryNode {
    const lexeme = this.peek();
    if (lexeme !== undefined && (lexeme.kind === 'minus' || isOperator(lexeme, 'NOT'))) {
      this.operand(this.next(), lexeme.kind === 'minus' ? '-' : 'NOT');
      return this.at({ kind: 'not', child: this.parseUnary() }, lexeme.position);
    }
    return this.parsePrimary();
  }

  private parsePrimary(): QueryNode {
    const lexeme = this.next();
    if (lexeme.kind === 'open') {
      const inner = this.peek();
      if (inner?.kind === 'close') throw new QueryError('empty brackets', lexeme.position);
      if (inner === undefined) throw new QueryError('unbalanced bracket: this "(" is never closed', lexeme.position);
      const node = this.parseOr();
      if (this.peek()?.kind !== 'close') {
        throw new QueryError('unbalanced bracket: this "(" is never closed', lexeme.position);
      }
      this.index += 1;
      return node;
    }
    if (lexeme.kind === 'close') throw new QueryError('unbalanced bracket: this ")" has no "("', lexeme.position);
    if (isOperator(lexeme, 'AND') || isOperator(lexeme, 'OR')) {
      const name = (lexeme as { text: string }).text;
      throw new QueryError(`dangling operator: "${name}" needs something on both sides`, lexeme.position);
    }
    this.terms += 1;
    if (this.terms > MAX_QUERY_TERMS) {
      throw new QueryError(`the query has more than ${MAX_QUERY_TERMS} words, phrases and filters`, lexeme.position);
    }
    return this.at(makeAtom(lexeme), lexeme.position);
  }

  // An operator must be followed by an operand, otherwise it dangles.
  private operand(operator: Lexeme, name: string): void {
    const following = this.peek();
    if (
      following === undefined ||
      following.kind === 'close' ||
      isOperator(following, 'OR') ||
      isOperator(following, 'AND')
    ) {
      throw new QueryError(`dangling operator: "${name}" has nothing after it`, operator.position);
    }
  }

  // parsePrimary and operand() guarantee a lexeme is there whenever this is called.
  private next(): Lexeme {
    const lexeme = this.lexemes[this.index] as Lexeme;
    this.index += 1;
    return lexeme;
  }

  private group(kind: 'and' | 'or', children: QueryNode[], start: number): QueryNode {
    if (children.length === 1) return children[0] as QueryNode;
    // Flatten (a b) c into one AND so equivalent queries share one shape.
    const flat = children.flatMap((child) => (child.kind === kind ? child.children : [child]));
    return this.at({ kind, children: flat }, start);
  }

  private at<T extends QueryNode>(node: T, position: number): T {
    this.positions.set(node, position);
    return node;
  }
}
