import type { Lexeme } from './lex-query';
import type { AtomNode } from './query';
import { QueryError } from './query-error';
import { stem } from './stem';
import { tokenize } from './tokenize';

const MEMBER_ID = /^[0-9]{1,9}$/;

/** Turn a word, phrase or filter lexeme into a syntax-tree atom, validating it. */
export function makeAtom(lexeme: Lexeme): AtomNode {
  switch (lexeme.kind) {
    case 'word': {
      const tokens = tokenize(lexeme.text);
      const first = tokens[0];
      if (first === undefined) throw new QueryError(`"${lexeme.text}" has no letters or digits`, lexeme.position);
      // A bare word that splits (end-to-end, e-mail) is the phrase of its tokens, unstemmed like any phrase.
      if (tokens.length > 1) return { kind: 'phrase', tokens, text: lexeme.text, quoted: false };
      return { kind: 'word', token: first, stem: stem(first) };
    }
    case 'phrase': {
      const tokens = tokenize(lexeme.text);
      if (tokens.length === 0) throw new QueryError('the quoted phrase has no letters or digits', lexeme.position);
      return { kind: 'phrase', tokens, text: lexeme.text, quoted: true };
    }
    case 'filter':
      return makeFilter(lexeme);
    default:
      // The parser handles brackets and minus before asking for an atom.
      throw new QueryError('expected a word, phrase or filter', lexeme.position);
  }
}

function makeFilter(lexeme: Extract<Lexeme, { kind: 'filter' }>): AtomNode {
  const value = lexeme.value.trim();
  if (value === '') throw new QueryError(`"${lexeme.name}:" needs a value`, lexeme.valuePosition);
  switch (lexeme.name) {
    case 'speaker':
    case 'member':
      if (!MEMBER_ID.test(value)) {
        throw new QueryError(`"${lexeme.name}:" expects a member id number, not "${value}"`, lexeme.valuePosition);
      }
      return { kind: 'member', memberId: Number(value) };
    case 'house': {
      const house = value.toLowerCase();
      if (house !== 'commons' && house !== 'lords') {
        throw new QueryError(`"house:" expects commons or lords, not "${value}"`, lexeme.valuePosition);
      }
      return { kind: 'house', house };
    }
    case 'department':
      return { kind: 'department', name: value.toLowerCase(), display: value };
  }
}
