import { candidateFilter } from './candidate-filter';
import { parseQuery } from './parse-query';
import { prepareQuestion } from './prepare-question';
import { searchTerms, searchTermsLiteral } from './search-terms';

const question = prepareQuestion({
  id: 1,
  heading: 'Prisons: Drugs',
  questionText: 'To ask about drug testing in prisons.',
  answerText: '<p>Facebook&#8217;s <b>end-to-end</b> encryption</p>',
  house: 'Commons',
  askingMemberId: 4641,
  answeringMemberId: 185,
  answeringBodyName: " Attorney General's Office ",
});

describe('searchTerms', () => {
  it('holds the stems the evaluator tests words against, and one term per filter value', () => {
    const terms = searchTerms(question);
    expect(terms).toEqual(
      expect.arrayContaining(['prison', 'drug', 'test', 'facebook', 'end', 'to', 'encrypt', 'in', 'about']),
    );
    expect(terms).toEqual(
      expect.arrayContaining(['member:4641', 'member:185', "department:attorney general's office", 'house:commons']),
    );
    expect(searchTermsLiteral(question)).toContain("'department:attorney general''s office'");
  });
});

describe('candidateFilter', () => {
  it.each([
    ['encryption', "'encrypt'", true],
    ['encryption -draft', "( 'encrypt' & !'draft' )", true],
    ['"drug testing" prisons', "( ( 'drug' & 'test' ) & 'prison' )", false],
    ['end-to-end', "( 'end' & 'to' )", false],
    ['schools -"free schools"', "'school'", false],
    ['gaza OR member:4641', "( 'gaza' | 'member:4641' )", true],
    [
      'department:"Attorney General\'s Office" house:commons',
      "( 'department:attorney general''s office' & 'house:commons' )",
      true,
    ],
  ])('turns %s into %s (exact: %s)', (query, tsquery, exact) => {
    expect(candidateFilter(parseQuery(query))).toEqual({ tsquery, exact });
  });
});
