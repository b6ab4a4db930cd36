import { loadDetailRecords } from '../test/real-records';
import type { MatchableQuestion } from './matchable-question';
import { matchedWords } from './matched-words';

const records = loadDetailRecords();
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
});
