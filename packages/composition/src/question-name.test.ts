import { questionName, questionTitle } from './question-name';

describe('questionName', () => {
  it('names a question by its heading', () => {
    expect(
      questionName({ house: 'Commons', uin: '26882', heading: 'Schools: Finance', questionText: 'To ask …' }),
    ).toBe('Commons question 26882 (Schools: Finance)');
  });

  it('names one with no heading yet by the start of what was asked, cut on a space', () => {
    const questionText =
      'To ask the Secretary of State for Health and Social Care, if she intends double the number of medical school places, and what assessment she has made of the cost of doing so over the next five years.';
    const title = questionTitle({ heading: null, questionText });
    expect(title).toBe(
      'To ask the Secretary of State for Health and Social Care, if she intends double the number of medical school places, and what assessment she has made of the…',
    );
    expect(questionName({ house: 'Commons', uin: '26882', heading: null, questionText })).toBe(
      `Commons question 26882 (“${title}”)`,
    );
    expect(questionTitle({ heading: null, questionText: 'To ask  the\nMinister, when.' })).toBe(
      'To ask the Minister, when.',
    );
  });
});
