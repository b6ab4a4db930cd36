import { parseQuery } from './parse-query';
import { QueryError } from './query-error';
import { validateQuery } from './validate-query';

// Throws-assertion helper that checks the error kind, message and position together.
function errorOf(text: string): { message: string; position: number; code: string } {
  try {
    parseQuery(text);
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError);
    const { message, position, code } = error as QueryError;
    return { message, position, code };
  }
  throw new Error(`expected ${JSON.stringify(text)} to be invalid`);
}

describe('parseQuery', () => {
  it('parses words with their stems and juxtaposition as AND', () => {
    expect(parseQuery('Encryption messaging')).toEqual({
      kind: 'and',
      children: [
        { kind: 'word', token: 'encryption', stem: 'encrypt' },
        { kind: 'word', token: 'messaging', stem: 'messag' },
      ],
    });
  });

  it('gives NOT tighter binding than AND, and AND than OR', () => {
    expect(parseQuery('a b OR c')).toEqual({
      kind: 'or',
      children: [
        {
          kind: 'and',
          children: [
            { kind: 'word', token: 'a', stem: 'a' },
            { kind: 'word', token: 'b', stem: 'b' },
          ],
        },
        { kind: 'word', token: 'c', stem: 'c' },
      ],
    });
    expect(parseQuery('a -b AND NOT c')).toEqual({
      kind: 'and',
      children: [
        { kind: 'word', token: 'a', stem: 'a' },
        { kind: 'not', child: { kind: 'word', token: 'b', stem: 'b' } },
        { kind: 'not', child: { kind: 'word', token: 'c', stem: 'c' } },
      ],
    });
    expect(parseQuery('a (b OR c)')).toMatchObject({ kind: 'and', children: [{ kind: 'word' }, { kind: 'or' }] });
  });

  it('reads phrases, hyphenated words and filters', () => {
    expect(parseQuery('"end-to-end encryption"')).toEqual({
      kind: 'phrase',
      tokens: ['end', 'to', 'end', 'encryption'],
      text: 'end-to-end encryption',
      quoted: true,
    });
    expect(parseQuery('e-mail')).toEqual({ kind: 'phrase', tokens: ['e', 'mail'], text: 'e-mail', quoted: false });
    expect(parseQuery('speaker:185')).toEqual({ kind: 'member', memberId: 185 });
    expect(parseQuery('member:4641')).toEqual({ kind: 'member', memberId: 4641 });
    expect(parseQuery('department:" Home Office "')).toEqual({
      kind: 'department',
      name: 'home office',
      display: 'Home Office',
    });
    expect(parseQuery('department:Treasury')).toEqual({ kind: 'department', name: 'treasury', display: 'Treasury' });
    expect(parseQuery('house:Lords')).toEqual({ kind: 'house', house: 'lords' });
    // An unknown prefix is just a word that splits into a phrase.
    expect(parseQuery('covid:19')).toEqual({
      kind: 'phrase',
      tokens: ['covid', '19'],
      text: 'covid:19',
      quoted: false,
    });
  });

  it('accepts exclusions next to a positive term, even inside OR branches', () => {
    expect(validateQuery('gaza -israel').ok).toBe(true);
    expect(validateQuery('(gaza -israel) OR house:lords').ok).toBe(true);
    expect(validateQuery('-israel gaza').ok).toBe(true);
  });

  it.each([
    ['', 'the query is empty', 0],
    ['   ', 'the query is empty', 0],
    ['gaza "two state', 'unbalanced quote: this " is never closed', 5],
    ['department:"Home Office', 'unbalanced quote: this " is never closed', 11],
    ['(gaza OR israel', 'unbalanced bracket: this "(" is never closed', 0],
    ['gaza) israel', 'unbalanced bracket: this ")" has no "("', 4],
    ['a ((b) c', 'unbalanced bracket: this "(" is never closed', 2],
    ['gaza ()', 'empty brackets', 5],
    ['gaza OR', 'dangling operator: "OR" has nothing after it', 5],
    ['OR gaza', 'dangling operator: "OR" needs something on both sides', 0],
    ['gaza AND OR israel', 'dangling operator: "AND" has nothing after it', 5],
    ['gaza NOT', 'dangling operator: "NOT" has nothing after it', 5],
    ['(gaza NOT) x', 'dangling operator: "NOT" has nothing after it', 6],
    ['gaza - israel', 'dangling operator: "-" must be followed by what to exclude, with no space', 5],
    ['gaza -', 'dangling operator: "-" must be followed by what to exclude, with no space', 5],
    ['gaza ***', '"***" has no letters or digits', 5],
    ['gaza "--"', 'the quoted phrase has no letters or digits', 5],
    ['speaker:', '"speaker:" needs a value', 8],
    ['speaker:abc', '"speaker:" expects a member id number, not "abc"', 8],
    ['x member:12.5', '"member:" expects a member id number, not "12.5"', 9],
    ['department:"  "', '"department:" needs a value', 12],
    ['house:scotland', '"house:" expects commons or lords, not "scotland"', 6],
    ['-foo', 'the query can match only by exclusion: add a word, phrase or filter that answers must contain', 0],
    ['NOT foo', 'the query can match only by exclusion: add a word, phrase or filter that answers must contain', 0],
    ['a OR -b', 'the query can match only by exclusion: add a word, phrase or filter that answers must contain', 5],
    [
      'a OR (-b -c)',
      'the query can match only by exclusion: add a word, phrase or filter that answers must contain',
      6,
    ],
    ['--a', 'the query can match only by exclusion: add a word, phrase or filter that answers must contain', 0],
  ])('rejects %j with message and position', (text, message, position) => {
    expect(errorOf(text)).toEqual({ message, position, code: 'QUERY_INVALID' });
  });

  it('rejects queries over 500 characters at position 500', () => {
    const text = 'gaza '.repeat(101);
    expect(errorOf(text)).toEqual({
      message: 'the query is longer than 500 characters',
      position: 500,
      code: 'QUERY_INVALID',
    });
    expect(validateQuery('a'.repeat(500)).ok).toBe(true);
  });

  it('rejects more than 50 terms, pointing at the 51st', () => {
    const words = Array.from({ length: 51 }, (_, i) => `w${i}`);
    const text = words.join(' ');
    expect(errorOf(text)).toEqual({
      message: 'the query has more than 50 words, phrases and filters',
      position: text.indexOf('w50'),
      code: 'QUERY_INVALID',
    });
    expect(validateQuery(words.slice(0, 50).join(' ')).ok).toBe(true);
  });
});

describe('validateQuery', () => {
  it('returns the query or the error without throwing', () => {
    expect(validateQuery('gaza')).toEqual({ ok: true, query: { kind: 'word', token: 'gaza', stem: 'gaza' } });
    expect(validateQuery('gaza OR')).toEqual({
      ok: false,
      error: { message: 'dangling operator: "OR" has nothing after it', position: 5 },
    });
  });
});
