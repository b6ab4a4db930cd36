import { loadDetailRecords } from '../test/real-records';
import { mulberry32, testSeed } from '../test/mulberry32';
import { describeQuery } from './describe-query';
import { matchesQuestion } from './matches-question';
import { parseQuery } from './parse-query';
import { prepareQuestion } from './prepare-question';
import { QueryError } from './query-error';
import { SubscriptionIndex } from './subscription-index';

// Pieces chosen to hit every lexer and parser branch: operators, filters, quotes, brackets, dashes, colons, unicode
// letters and digits, apostrophes, whitespace of several kinds.
const PIECES = [
  'a',
  'gaza',
  'Encryption',
  'end-to-end',
  'AND',
  'OR',
  'NOT',
  'and',
  'or',
  'not',
  '-',
  '--',
  '"',
  '""',
  '(',
  ')',
  '()',
  ':',
  'speaker:',
  'member:',
  'department:',
  'house:',
  'house:lords',
  'speaker:185',
  'department:"Home Office"',
  '1',
  '42',
  'é',
  'ß',
  'İ',
  'Σ',
  '日本',
  '’',
  "'",
  '***',
  '\t',
  '\n',
  '\u00a0',
  ' ',
  ' ',
  ' ',
  '&amp;',
  '<p>',
  '\\',
  '💥',
];

function randomQuery(random: () => number): string {
  const length = Math.floor(random() * 40);
  let text = '';
  for (let i = 0; i < length; i += 1) {
    text +=
      random() < 0.8
        ? PIECES[Math.floor(random() * PIECES.length)]
        : String.fromCharCode(32 + Math.floor(random() * 0x2fe0));
  }
  // Now and then, blow past the length limit.
  return random() < 0.05 ? text.repeat(20) : text;
}

describe('parseQuery fuzz', () => {
  const seed = testSeed();
  const question = loadDetailRecords()[0]!;
  const prepared = prepareQuestion(question);

  it(`only ever throws QueryError, with a position inside the text (seed ${seed})`, () => {
    const random = mulberry32(seed);
    const index = new SubscriptionIndex();
    let valid = 0;
    let invalid = 0;
    for (let i = 0; i < 5000; i += 1) {
      const text = randomQuery(random);
      try {
        const query = parseQuery(text);
        valid += 1;
        // Whatever parses must also evaluate, describe and index without error.
        matchesQuestion(query, prepared);
        expect(describeQuery(query)).toMatch(/\S/);
        index.add(i, query);
      } catch (error) {
        if (!(error instanceof QueryError)) {
          throw new Error(`seed ${seed}: ${JSON.stringify(text)} threw ${String(error)}`, { cause: error });
        }
        invalid += 1;
        expect(error.code).toBe('QUERY_INVALID');
        expect(error.position).toBeGreaterThanOrEqual(0);
        expect(error.position).toBeLessThanOrEqual(text.length);
      }
    }
    // Both outcomes must be exercised, or the generator is broken.
    expect(valid).toBeGreaterThan(200);
    expect(invalid).toBeGreaterThan(200);
    // What the index holds must run without throwing (a length check here could never fail).
    expect(() => index.match([question])).not.toThrow();
  });

  // The parser is a single pass with bounded nesting (500 characters); these are the worst shapes for it.
  it.each([
    ['deep brackets', `${'('.repeat(249)}a${')'.repeat(249)}`, true],
    ['unclosed brackets', '('.repeat(500), false],
    ['a chain of negations', `${'-'.repeat(498)}a`, false],
    ['NOT chains with a positive term', `a ${'NOT '.repeat(124)}b`, true],
    ['quotes only', '"'.repeat(500), false],
    ['one long word', 'x'.repeat(500), true],
    ['colons', `department:${':'.repeat(489)}`, true],
  ])('handles %s', (_, text, ok) => {
    let parsed = true;
    try {
      parseQuery(text);
    } catch (error) {
      expect(error).toBeInstanceOf(QueryError);
      parsed = false;
    }
    expect(parsed).toBe(ok);
  });
});

describe('parseQuery on deeply nested exclusion-only shapes', () => {
  // A first version of the exclusion check visited an AND's first child twice, so 2^levels visits here.
  it('rejects them after visiting each node once', () => {
    // ((… ((p OR (-a -b)) -c) …) -z): every AND's first child is the deep one.
    let text = 'p OR (-a -b)';
    for (let i = 0; i < 20; i += 1) text = `(p OR (${text}) -x${i})`;
    expect(() => parseQuery(text)).toThrow(QueryError);
  });
});
