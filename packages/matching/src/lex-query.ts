import { QueryError } from './query-error';

/** One lexical token of the query language; `position` is its 0-based start in the query text. */
export type Lexeme =
  | { kind: 'open' | 'close' | 'minus'; position: number }
  | { kind: 'word'; text: string; position: number }
  | { kind: 'phrase'; text: string; position: number }
  | { kind: 'filter'; name: FilterName; value: string; valuePosition: number; position: number };

export type FilterName = 'speaker' | 'member' | 'department' | 'house';
const FILTER_NAMES = new Set<string>(['speaker', 'member', 'department', 'house']);
const FILTER_PREFIX = /^([A-Za-z]+):/;

const isSpace = (ch: string): boolean => /\s/.test(ch);
// A word runs until whitespace, a bracket or a quote, so `foo"bar"` is the word foo then the phrase "bar".
const endsWord = (ch: string): boolean => ch === '(' || ch === ')' || ch === '"' || isSpace(ch);

/**
 * Split a query into lexemes in one left-to-right pass (linear time: every index is visited a bounded number of
 * times, and no regex can backtrack over more than one word). Throws `QueryError` for an unbalanced quote and for a
 * `-` that negates nothing.
 */
export function lexQuery(text: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (isSpace(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      out.push({ kind: ch === '(' ? 'open' : 'close', position: i });
      i += 1;
    } else if (ch === '"') {
      const close = closingQuote(text, i);
      out.push({ kind: 'phrase', text: text.slice(i + 1, close), position: i });
      i = close + 1;
    } else if (ch === '-') {
      const next = text[i + 1];
      if (next === undefined || next === ')' || isSpace(next)) {
        throw new QueryError('dangling operator: "-" must be followed by what to exclude, with no space', i);
      }
      out.push({ kind: 'minus', position: i });
      i += 1;
    } else {
      i = lexWord(text, i, out);
    }
  }
  return out;
}

function lexWord(text: string, start: number, out: Lexeme[]): number {
  let end = start;
  while (end < text.length && !endsWord(text[end] as string)) end += 1;
  const word = text.slice(start, end);
  const prefix = FILTER_PREFIX.exec(word);
  const name = prefix?.[1]?.toLowerCase();
  if (prefix === null || name === undefined || !FILTER_NAMES.has(name)) {
    out.push({ kind: 'word', text: word, position: start });
    return end;
  }
  const valuePosition = start + prefix[0].length;
  if (valuePosition === end && text[end] === '"') {
    const close = closingQuote(text, end);
    const value = text.slice(end + 1, close);
    out.push({ kind: 'filter', name: name as FilterName, value, valuePosition: end + 1, position: start });
    return close + 1;
  }
  out.push({
    kind: 'filter',
    name: name as FilterName,
    value: word.slice(prefix[0].length),
    valuePosition,
    position: start,
  });
  return end;
}

function closingQuote(text: string, open: number): number {
  const close = text.indexOf('"', open + 1);
  if (close < 0) throw new QueryError('unbalanced quote: this " is never closed', open);
  return close;
}
