import { findPhrase } from './evaluate-query';
import type { MatchableQuestion } from './matchable-question';
import { parseQuery } from './parse-query';
import type { PhraseNode, Query, QueryNode, WordNode } from './query';
import { questionFields } from './question-fields';
import { stem } from './stem';
import { tokenizeSurface } from './tokenize';

/**
 * The words of the question, as written, that the query's positive words and phrases match, for highlighting an
 * excerpt: query `encryption` on "…encrypted messages…" gives `["encrypted"]`; a phrase gives its whole span
 * (`"end-to-end"`). Distinct, in order of appearance (heading, then question, then answer). Words under NOT are
 * ignored, and every positive word counts even if its OR-branch did not decide the match; it does not check that
 * the query matches at all.
 */
export function matchedWords(query: Query | string, question: MatchableQuestion): string[] {
  const node = typeof query === 'string' ? parseQuery(query) : query;
  const atoms: (WordNode | PhraseNode)[] = [];
  collectPositive(node, atoms);
  const stems = new Set(atoms.flatMap((atom) => (atom.kind === 'word' ? [atom.stem] : [])));
  const phrases = atoms.flatMap((atom) => (atom.kind === 'phrase' ? [atom.tokens] : []));

  const found: { at: number; text: string }[] = [];
  questionFields(question).forEach((text, fieldIndex) => {
    const runs = tokenizeSurface(text);
    const tokens: string[] = [];
    const runOf: number[] = [];
    runs.forEach((run, r) => run.tokens.forEach((token) => (tokens.push(token), runOf.push(r))));
    // Sort key: field first, then offset within the field.
    const at = (offset: number) => fieldIndex * 1e9 + offset;
    tokens.forEach((token, t) => {
      const run = runs[runOf[t] as number];
      if (run !== undefined && stems.has(stem(token))) found.push({ at: at(run.start), text: run.text });
    });
    for (const phrase of phrases) {
      for (let start = findPhrase(tokens, phrase); start >= 0; start = findPhrase(tokens, phrase, start + 1)) {
        const first = runs[runOf[start] as number];
        const last = runs[runOf[start + phrase.length - 1] as number];
        if (first !== undefined && last !== undefined) found.push({ at: at(first.start), text: text.slice(first.start, last.end) });
      }
    }
  });
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((hit) => hit.text))];
}

function collectPositive(node: QueryNode, into: (WordNode | PhraseNode)[]): void {
  if (node.kind === 'word' || node.kind === 'phrase') into.push(node);
  else if (node.kind === 'and' || node.kind === 'or') for (const child of node.children) collectPositive(child, into);
}
