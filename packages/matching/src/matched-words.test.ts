import { loadDetailRecords } from '../test/real-records';
import type { MatchableQuestion } from './matchable-question';
import { parseQuery } from './parse-query';
import type { PhraseNode, QueryNode, WordNode } from './query';
import { questionFields } from './question-fields';
import { stem } from './stem';
import { tokenizeSurface } from './tokenize';
import { corpusWords, generateQuery } from '../bench/generate-subscriptions';
import { matchedWords, questionSurface } from './matched-words';

const records = loadDetailRecords();

/** The plain algorithm, as a reference: stem every token of every field and compare, then look for each phrase. */
function scanWords(queryText: string, question: MatchableQuestion): string[] {
  const atoms: (WordNode | PhraseNode)[] = [];
  const collect = (node: QueryNode): void => {
    if (node.kind === 'word' || node.kind === 'phrase') atoms.push(node);
    else if (node.kind === 'and' || node.kind === 'or') node.children.forEach(collect);
  };
  collect(parseQuery(queryText));
  const stems = new Set(atoms.flatMap((atom) => (atom.kind === 'word' ? [atom.stem] : [])));
  const found: { at: number; text: string }[] = [];
  questionFields(question).forEach((text, field) => {
    const runs = tokenizeSurface(text);
    const tokens = runs.flatMap((run) => run.tokens.map((token) => ({ token, run })));
    for (const { token, run } of tokens)
      if (stems.has(stem(token))) found.push({ at: field * 1e9 + run.start, text: run.text });
    for (const atom of atoms) {
      if (atom.kind !== 'phrase') continue;
      for (let start = 0; start + atom.tokens.length <= tokens.length; start++) {
        if (atom.tokens.every((token, k) => tokens[start + k]!.token === token)) {
          found.push({
            at: field * 1e9 + tokens[start]!.run.start,
            text: text.slice(tokens[start]!.run.start, tokens[start + atom.tokens.length - 1]!.run.end),
          });
        }
      }
    }
  });
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((hit) => hit.text))];
}
const byId = (id: number) => records.find((record) => record.id === id) as MatchableQuestion;

describe('matchedWords', () => {
  it('returns the surface words a stemmed word matched, in order of appearance', () => {
    // Heading "Home Office: Departmental Responsibilities"; question "…an operation … ‘Operation Mosswood’";
    // answer "…operational security…".
    expect(matchedWords('operations', byId(1922919))).toEqual(['operation', 'Operation', 'operational']);
  });

  it('returns the whole span of a phrase, including a hyphenated bare word', () => {
    expect(matchedWords('"operation mosswood"', byId(1922919))).toEqual(['Operation Mosswood']);
    expect(matchedWords('Mountbatten-Windsor', byId(1919117))).toEqual(['Mountbatten-Windsor']);
    // Surface runs keep their apostrophes: the question text has "Mountbatten-Windsor’s".
    expect(matchedWords('mountbatten-windsors', byId(1919117))).toEqual(['Mountbatten-Windsor’s']);
  });

  it('ignores excluded words and filters, and finds words in stripped answer HTML', () => {
    const question = byId(1911866); // "…Israeli military officials…", answer "…military training… in Gaza…"
    expect(matchedWords('gaza -israeli member:185', question)).toEqual(['Gaza']);
    expect(matchedWords('military OR nothingatall', question)).toEqual(['military']);
  });

  it('returns nothing for a question without those words', () => {
    expect(matchedWords('mosswood', byId(1911866))).toEqual([]);
  });

  it('gives the same words from a reusable question surface as the direct token-by-token scan', () => {
    // The mailer tokenises a question once and highlights it for many alerts; the shortcut must change nothing.
    const corpus = corpusWords(records, 0.75);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    let nonEmpty = 0;
    for (const record of records.slice(0, 30)) {
      const surface = questionSurface(record);
      const queries = [
        '"operation mosswood"',
        'military OR gaza',
        ...Array.from({ length: 20 }, () => generateQuery(random, corpus)),
      ];
      for (const query of queries) {
        const direct = scanWords(query, record);
        expect(matchedWords(query, surface)).toEqual(direct);
        expect(matchedWords(query, record)).toEqual(direct);
        if (direct.length) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(30); // the comparison covered real highlights, not only empty lists
  });
});
