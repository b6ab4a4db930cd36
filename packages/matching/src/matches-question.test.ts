import { loadDetailRecords } from '../test/real-records';
import type { MatchableQuestion } from './matchable-question';
import { matchesQuestion } from './matches-question';

const records = loadDetailRecords();
const byId = (id: number): MatchableQuestion => {
  const found = records.find((record) => record.id === id);
  if (found === undefined) throw new Error(`record ${id} missing from the sample`);
  return found;
};
const mosswood = byId(1922919); // Home Office: "…named ‘Operation Mosswood’." answered about "operational security"
const prosecutions = byId(1911868); // Terrorism: Prosecutions, "…prosecuted with a "terrorism connection"…"
const mountbatten = byId(1919117); // heading "Andrew Mountbatten-Windsor", question "…Mountbatten-Windsor’s role…"
const table = byId(1745793); // answer has <table><tr><td><p>Year</p></td><td><p>Provider</p></td>…
const nuclear = byId(1762288); // answer: Resolution &quot;Nuclear War Effects and Scientific Research&quot;
const kingsSpeech = byId(1723179); // answer: "…in the King’s Speech."
const israel = byId(1911866); // Ministry of Defence, asked by 185, answered by 5235, mentions Israeli and Gaza

const matches = (query: string, question: MatchableQuestion) => matchesQuestion(query, question);

describe('matchesQuestion on real questions', () => {
  it('matches bare words by Porter2 stem, in any field', () => {
    expect(matches('operations', mosswood)).toBe(true); // "operation", "operational" share the stem oper
    expect(matches('prosecution', prosecutions)).toBe(true); // "prosecuted", "Prosecutions"
    expect(matches('terrorist', prosecutions)).toBe(false); // stem terrorist ≠ terror
    expect(matches('mosswood', mosswood)).toBe(true);
    expect(matches('responsibilities', mosswood)).toBe(true); // only in the heading
    expect(matches('mosswood', prosecutions)).toBe(false);
  });

  it('is case-insensitive and deletes apostrophes inside words', () => {
    expect(matches('MOSSWOOD', mosswood)).toBe(true);
    expect(matches('"king\'s speech"', kingsSpeech)).toBe(true); // text has the curly apostrophe: King’s
    expect(matches('"king’s speech"', kingsSpeech)).toBe(true);
    expect(matches('"king speech"', kingsSpeech)).toBe(false);
    expect(matches('kings', kingsSpeech)).toBe(true);
  });

  it('matches quoted phrases unstemmed and consecutive', () => {
    expect(matches('"operation mosswood"', mosswood)).toBe(true);
    expect(matches('"operational security"', mosswood)).toBe(true);
    expect(matches('"operation security"', mosswood)).toBe(false); // stemming does not apply inside quotes
    expect(matches('"security operational"', mosswood)).toBe(false); // order matters
    expect(matches('"operations"', mosswood)).toBe(false); // a one-word phrase is an exact token
    expect(matches('"operation"', mosswood)).toBe(true);
  });

  it('keeps fields separate: a phrase never spans heading and question', () => {
    // Heading ends "…Departmental Responsibilities", question starts "To ask…".
    expect(matches('"departmental responsibilities"', mosswood)).toBe(true);
    expect(matches('"responsibilities to ask"', mosswood)).toBe(false);
    expect(matches('responsibilities "to ask"', mosswood)).toBe(true);
  });

  it('treats a hyphenated bare word as the unstemmed phrase of its tokens', () => {
    expect(matches('Mountbatten-Windsor', mountbatten)).toBe(true);
    expect(matches('counter-terrorism', prosecutions)).toBe(true);
    expect(matches('counter-terror', prosecutions)).toBe(false); // unstemmed: "terror" is not "terrorism"
    expect(matches('mountbatten-windsors', mountbatten)).toBe(true); // Mountbatten-Windsor’s in the question text
  });

  it('strips HTML tags as spaces and decodes entities in answers', () => {
    expect(matches('"year provider"', table)).toBe(true); // <td><p>Year</p></td><td><p>Provider</p>
    expect(matches('yearprovider', table)).toBe(false);
    expect(matches('"nuclear war effects"', nuclear)).toBe(true); // &quot;Nuclear War Effects…&quot;
    expect(matches('"resolution nuclear"', nuclear)).toBe(true); // the quote entity is not a word
    expect(matches('quot', nuclear)).toBe(false);
    expect(matches('td', table)).toBe(false); // tag names are not text
  });

  it('applies AND, OR, NOT and - with NOT > AND > OR precedence', () => {
    expect(matches('gaza israeli', israel)).toBe(true);
    expect(matches('gaza AND mosswood', israel)).toBe(false);
    expect(matches('mosswood OR gaza', israel)).toBe(true);
    expect(matches('gaza -israeli', israel)).toBe(false);
    expect(matches('gaza NOT mosswood', israel)).toBe(true);
    // (mosswood AND gaza) OR israeli  → true;  mosswood AND (gaza OR israeli) → false
    expect(matches('mosswood gaza OR israeli', israel)).toBe(true);
    expect(matches('mosswood (gaza OR israeli)', israel)).toBe(false);
    // NOT binds tighter than AND: (NOT mosswood) AND gaza
    expect(matches('-mosswood gaza', israel)).toBe(true);
    expect(matches('NOT (mosswood OR gaza) israeli', israel)).toBe(false);
  });

  it('treats lower-case and/or/not as words', () => {
    // "gaza or palestine" requires the word "or", which this text lacks.
    expect(matches('gaza or mosswood', israel)).toBe(false);
    expect(matches('gaza and', israel)).toBe(true);
    expect(matches('mosswood not', israel)).toBe(false);
  });

  it('filters on member (asking or answering), department and house', () => {
    expect(matches('speaker:185', israel)).toBe(true); // asking
    expect(matches('member:5235', israel)).toBe(true); // answering
    expect(matches('member:4641', israel)).toBe(false);
    expect(matches('department:"Ministry of Defence"', israel)).toBe(true);
    expect(matches('department:"  ministry OF defence "', israel)).toBe(true); // case-insensitive, trimmed
    expect(matches('department:"Ministry of Defence Procurement"', israel)).toBe(false); // exact, not contains
    expect(matches('department:defence', israel)).toBe(false); // unquoted form takes one word
    expect(matches('house:commons', israel)).toBe(true);
    expect(matches('house:lords', israel)).toBe(false);
    expect(matches('house:lords', { ...israel, house: 'Lords' })).toBe(true);
    expect(matches('gaza department:"Home Office"', israel)).toBe(false);
  });

  it('tolerates null fields', () => {
    const empty: MatchableQuestion = {
      id: 1,
      heading: null,
      questionText: null,
      answerText: null,
      house: null,
      askingMemberId: null,
      answeringMemberId: null,
      answeringBodyName: null,
    };
    expect(matches('gaza', empty)).toBe(false);
    expect(matches('house:commons', empty)).toBe(false);
    expect(matches('speaker:185 OR gaza', { ...empty, askingMemberId: 185 })).toBe(true);
  });
});
