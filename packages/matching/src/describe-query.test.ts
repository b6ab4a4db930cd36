import { describeQuery } from './describe-query';
import { parseQuery } from './parse-query';

describe('describeQuery', () => {
  it.each([
    ['encryption department:"Home Office" -draft', 'answers mentioning "encryption", from the Home Office, excluding "draft"'],
    ['gaza', 'answers mentioning "gaza"'],
    ['"end-to-end encryption" messaging', 'answers mentioning "end to end encryption" and "messaging"'],
    ['gaza OR israel', 'answers mentioning "gaza" or "israel"'],
    ['(gaza OR israel) house:lords speaker:185', 'answers mentioning "gaza" or "israel", in the House of Lords, asked or answered by member 185'],
    ['department:treasury -"holding answer" -draft', 'answers from the treasury, excluding "holding answer" or "draft"'],
    ['department:"HM Treasury" pensions', 'answers mentioning "pensions", from HM Treasury'],
    ['(nhs dentistry) OR member:4125', 'answers either (mentioning "nhs" and "dentistry") or (asked or answered by member 4125)'],
    ['schools -(academies OR "free schools")', 'answers mentioning "schools", excluding (mentioning "academies" or "free schools")'],
  ])('describes %j', (text, description) => {
    expect(describeQuery(text)).toBe(description);
  });

  it('accepts a parsed query', () => {
    expect(describeQuery(parseQuery('house:commons'))).toBe('answers in the House of Commons');
  });
  it('names questions too for an alert that also announces askings', () => {
    expect(describeQuery('"medical school" department:"Department of Health and Social Care"', { askings: true })).toBe(
      describeQuery('"medical school" department:"Department of Health and Social Care"').replace(/^answers /, 'questions and answers '),
    );
    expect(describeQuery('schools', { askings: true })).toMatch(/^questions and answers mentioning/);
  });
});
