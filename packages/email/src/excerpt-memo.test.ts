import { buildExcerpt } from './build-excerpt';
import { createExcerptMemo } from './excerpt-memo';
import { sampleQuestions } from './sample-questions';

describe('createExcerptMemo', () => {
  const questions = sampleQuestions();

  it('gives exactly what buildExcerpt gives, for every sample question and several highlight lists', () => {
    const memo = createExcerptMemo();
    for (const question of questions) {
      for (const highlight of [[], ['the'], ['government', 'department'], ['nuclear']]) {
        const fresh = buildExcerpt(question.text, highlight, { length: 400 });
        expect(memo(question.text, highlight, 400)).toEqual(fresh);
        expect(memo(question.text, highlight, 400)).toEqual(fresh); // and again, from the memo
      }
    }
  });

  it('keys on the whole text, so a correction of the same length gets its own excerpt', () => {
    const memo = createExcerptMemo();
    const before = 'The Minister said the grant would be £5 million for nuclear research this year.';
    const after = 'The Minister said the grant would be £6 million for nuclear research this year.';
    expect(after.length).toBe(before.length);
    const join = (text: string) =>
      memo(text, ['nuclear'], 400)
        .map((s) => s.text)
        .join('');
    expect(join(before)).toContain('£5 million');
    expect(join(after)).toContain('£6 million');
    expect(join(before)).toContain('£5 million');
  });

  it('keys on the highlight list and the length too', () => {
    const memo = createExcerptMemo();
    const text = questions[0]!.text;
    expect(memo(text, ['the'], 400)).not.toEqual(memo(text, [], 400));
    expect(
      memo(text, [], 100)
        .map((s) => s.text)
        .join('').length,
    ).toBeLessThan(110);
  });

  it('starts afresh when it holds more text than allowed, and still answers correctly', () => {
    const memo = createExcerptMemo({ maxTextChars: 2_000 });
    const first = memo(questions[0]!.text, [], 400);
    for (const question of questions.slice(1)) memo(question.text, [], 400);
    const again = memo(questions[0]!.text, [], 400);
    expect(again).toEqual(first);
    expect(again).not.toBe(first); // cut afresh: the old entry was dropped with the rest
  });

  it('starts afresh after its number of excerpts, however few texts they come from', () => {
    const memo = createExcerptMemo({ maxEntries: 3 });
    const text = questions[0]!.text;
    const first = memo(text, ['a'], 400);
    expect(memo(text, ['a'], 400)).toBe(first); // remembered
    memo(text, ['b'], 400);
    memo(text, ['c'], 400);
    memo(text, ['d'], 400); // the fourth distinct excerpt: the memo was full, so it started afresh
    expect(memo(text, ['a'], 400)).not.toBe(first);
    expect(memo(text, ['a'], 400)).toEqual(first);
  });
});
