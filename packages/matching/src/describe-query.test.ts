import { describeQuery, memberIdsOf } from './describe-query';
import { parseQuery } from './parse-query';

describe('describeQuery', () => {
  it.each([
    [
      'encryption department:"Home Office" -draft',
      'answers mentioning "encryption", from the Home Office, excluding "draft"',
    ],
    ['gaza', 'answers mentioning "gaza"'],
    ['"end-to-end encryption" messaging', 'answers mentioning "end to end encryption" and "messaging"'],
    ['gaza OR israel', 'answers mentioning "gaza" or "israel"'],
    [
      '(gaza OR israel) house:lords speaker:185',
      'answers mentioning "gaza" or "israel", in the House of Lords, asked or answered by member 185',
    ],
    [
      'department:treasury -"holding answer" -draft',
      'answers from the treasury, excluding "holding answer" or "draft"',
    ],
    ['department:"HM Treasury" pensions', 'answers mentioning "pensions", from HM Treasury'],
    [
      '(nhs dentistry) OR member:4125',
      'answers either (mentioning "nhs" and "dentistry") or (asked or answered by member 4125)',
    ],
    [
      'schools -(academies OR "free schools")',
      'answers mentioning "schools", excluding (mentioning "academies" or "free schools")',
    ],
  ])('describes %j', (text, description) => {
    expect(describeQuery(text)).toBe(description);
  });

  it('accepts a parsed query', () => {
    expect(describeQuery(parseQuery('house:commons'))).toBe('answers in the House of Commons');
  });
  it('names questions too for an alert that also announces askings', () => {
    expect(describeQuery('"medical school" department:"Department of Health and Social Care"', { askings: true })).toBe(
      describeQuery('"medical school" department:"Department of Health and Social Care"').replace(
        /^answers /,
        'questions and answers ',
      ),
    );
    expect(describeQuery('schools', { askings: true })).toMatch(/^questions and answers mentioning/);
  });

  it('names members the caller knows, and keeps the id of one it does not', () => {
    const names = new Map([
      [185, 'Jeremy Corbyn'],
      [4125, 'Emily Thornberry'],
    ]);
    const memberName = (id: number) => names.get(id);
    expect(describeQuery('(nhs dentistry) OR member:4125', { memberName })).toBe(
      'answers either (mentioning "nhs" and "dentistry") or (asked or answered by Emily Thornberry)',
    );
    expect(describeQuery('gaza -speaker:185 member:9999', { memberName })).toBe(
      'answers mentioning "gaza", asked or answered by member 9999, excluding (asked or answered by Jeremy Corbyn)',
    );
  });

  it('lists the member ids a query names', () => {
    expect(memberIdsOf(parseQuery('(a OR member:4125) -speaker:185 member:4125'))).toEqual([4125, 185]);
    expect(memberIdsOf(parseQuery('schools'))).toEqual([]);
  });
});
