import { queryKind } from './query-kind';

// The dashboard once classified queries with regular expressions, which read a filter's name wherever it appeared.
// The parser decides what a filter is, as it does for the matcher.
describe('queryKind', () => {
  it('counts a filter the parser sees, first member (or speaker), then department, then House', () => {
    expect(queryKind('member:4001 schools')).toBe('member');
    expect(queryKind('speaker:4001')).toBe('member');
    expect(queryKind('department:"Home Office" member:4001')).toBe('member');
    expect(queryKind('schools -department:"Home Office"')).toBe('department');
    expect(queryKind('(nhs OR house:lords) dentistry')).toBe('house');
    expect(queryKind('schools "mental health"')).toBe('words only');
  });

  it('reads a filter name inside a quoted phrase or a word as text, where the regular expressions saw a filter', () => {
    expect(queryKind('"member: of the public" complaints')).toBe('words only');
    expect(queryKind('"department: for education" funding')).toBe('words only');
    expect(queryKind('schools "house: of commons"')).toBe('words only');
    expect(queryKind('non-member:5 fees')).toBe('words only');
  });

  it('calls a stored query that no longer parses unreadable rather than words only', () => {
    expect(queryKind('"unbalanced quote')).toBe('unreadable');
    expect(queryKind('-schools')).toBe('unreadable');
  });
});
