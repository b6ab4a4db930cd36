import { findPhrase } from './evaluate-query';
import type { MatchableQuestion } from './matchable-question';
import { parseQuery } from './parse-query';
import type { PhraseNode, Query, QueryNode, WordNode } from './query';
import { questionFields } from './question-fields';
import { stem } from './stem';
import { tokenizeSurface, type SurfaceRun } from './tokenize';

/** One field of a question, tokenised once: its runs of surface text and, per token, the run it came from. */
interface SurfaceField {
  text: string;
  runs: SurfaceRun[];
  tokens: string[];
  runOf: number[];
  /** Stem → indexes into `tokens`, in order. */
  byStem: Map<string, number[]>;
}

/**
 * A question's words as written, tokenised and stemmed once, for {@link matchedWords}. Tokenising and stemming a
 * long answer costs far more than looking a query up in it, and the mailer highlights the same question for many
 * alerts: it keeps one surface per question.
 */
export interface QuestionSurface {
  readonly fields: readonly SurfaceField[];
}

/** Tokenise and stem the heading, question and answer of `question` once. */
export function questionSurface(question: MatchableQuestion): QuestionSurface {
  return {
    fields: questionFields(question).map((text) => {
      const runs = tokenizeSurface(text);
      const tokens: string[] = [];
      const runOf: number[] = [];
      const byStem = new Map<string, number[]>();
      runs.forEach((run, r) => {
        for (const token of run.tokens) {
          const key = stem(token);
          const at = byStem.get(key);
          if (at) at.push(tokens.length);
          else byStem.set(key, [tokens.length]);
          tokens.push(token);
          runOf.push(r);
        }
      });
      return { text, runs, tokens, runOf, byStem };
    }),
  };
}

/**
 * The words of the question, as written, that the query's positive words and phrases match, for highlighting an
 * excerpt: query `encryption` on "…encrypted messages…" gives `["encrypted"]`; a phrase gives its whole span
 * (`"end-to-end"`). Distinct, in order of appearance (heading, then question, then answer). Words under NOT are
 * ignored, and every positive word counts even if its OR-branch did not decide the match; it does not check that
 * the query matches at all. Pass a {@link questionSurface} when highlighting one question for many queries.
 */
export function matchedWords(query: Query | string, question: MatchableQuestion | QuestionSurface): string[] {
  const node = typeof query === 'string' ? parseQuery(query) : query;
  const surface = 'fields' in question ? question : questionSurface(question);
  const atoms: (WordNode | PhraseNode)[] = [];
  collectPositive(node, atoms);
  const stems = new Set(atoms.flatMap((atom) => (atom.kind === 'word' ? [atom.stem] : [])));
  const phrases = atoms.flatMap((atom) => (atom.kind === 'phrase' ? [atom.tokens] : []));

  const found: { at: number; text: string }[] = [];
  surface.fields.forEach(({ text, runs, tokens, runOf, byStem }, fieldIndex) => {
    // Sort key: field first, then offset within the field.
    const at = (offset: number) => fieldIndex * 1e9 + offset;
    for (const key of stems) {
      for (const t of byStem.get(key) ?? []) {
        const run = runs[runOf[t] as number];
        if (run !== undefined) found.push({ at: at(run.start), text: run.text });
      }
    }
    for (const phrase of phrases) {
      for (let start = findPhrase(tokens, phrase); start >= 0; start = findPhrase(tokens, phrase, start + 1)) {
        const first = runs[runOf[start] as number];
        const last = runs[runOf[start + phrase.length - 1] as number];
        if (first !== undefined && last !== undefined)
          found.push({ at: at(first.start), text: text.slice(first.start, last.end) });
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
