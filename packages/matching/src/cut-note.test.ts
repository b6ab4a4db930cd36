import { cutNote, endsWithCutNote, splitCutNote, withoutCutNote } from './cut-note';
import type { MatchableQuestion } from './matchable-question';
import { matchesQuestion } from './matches-question';
import { questionFields } from './question-fields';

const url = 'https://questions-statements.parliament.uk/written-questions/detail/2026-09-02/4120';
// As the bundled sample marks a cut answer and a cut question text (packages/sources/src/sample/mark-cut.ts).
const cut: MatchableQuestion = {
  id: 1,
  heading: 'Schools: Finance',
  questionText: `To ask the Secretary of State for Education, what funding she plans to allocate to rural scho… [text cut; read the full question on parliament.uk: ${url}]`,
  answerText: `<p>The department has allocated £2 billion to schools in the next fin…</p><p><a href="${url}">[text cut; read the full answer on parliament.uk]</a></p>`,
  house: 'Commons',
  askingMemberId: 185,
  answeringMemberId: null,
  answeringBodyName: 'Department for Education',
};

describe('the note that ends a text cut short', () => {
  it('is not matched: no alert on "parliament", "full answer" or "text cut" hears of every cut answer', () => {
    for (const query of [
      'parliament',
      '"full answer"',
      '"text cut"',
      'read',
      'questions-statements',
      '"full question"',
    ]) {
      expect([query, matchesQuestion(query, cut)]).toEqual([query, false]);
    }
    expect(matchesQuestion('billion', cut)).toBe(true);
    expect(matchesQuestion('rural', cut)).toBe(true);
  });

  it('is left out of the searched fields, and only at the end of a text', () => {
    const [, question, answer] = questionFields(cut);
    expect(question).toBe(
      'To ask the Secretary of State for Education, what funding she plans to allocate to rural scho…',
    );
    expect(answer.trim()).toBe('The department has allocated £2 billion to schools in the next fin…');
    const quoted = `He wrote "${cutNote('answer')}" in the margin.`;
    expect(withoutCutNote(quoted)).toBe(quoted);
  });

  it('is recognised in HTML and in plain text', () => {
    expect(endsWithCutNote(cut.answerText!)).toBe(true);
    expect(endsWithCutNote(cut.questionText!)).toBe(true);
    expect(endsWithCutNote('<p>A whole answer.</p>')).toBe(false);
  });

  it('splits a plain text from its note and the address it carries', () => {
    expect(splitCutNote(cut.questionText!)).toEqual({
      text: 'To ask the Secretary of State for Education, what funding she plans to allocate to rural scho…',
      cut: true,
      url,
    });
    expect(splitCutNote('A whole question?')).toEqual({ text: 'A whole question?', cut: false, url: null });
  });
});
