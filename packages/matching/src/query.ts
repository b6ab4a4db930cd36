/** A bare word: matches any token, in any field, with the same Porter2 stem. */
export interface WordNode {
  kind: 'word';
  /** The lowercase token, e.g. `encryption`. */
  token: string;
  /** Its stem, e.g. `encrypt`. */
  stem: string;
}

/**
 * Consecutive unstemmed tokens within one field: a quoted phrase, or a bare word that splits into several tokens
 * (`end-to-end`), which is then `quoted: false`.
 */
export interface PhraseNode {
  kind: 'phrase';
  tokens: string[];
  /** The text as written, without quotes, for describing the query. */
  text: string;
  quoted: boolean;
}

/** `speaker:ID` or `member:ID`: the asking or the answering member has this Members API id. */
export interface MemberNode {
  kind: 'member';
  memberId: number;
}

/** `department:"Home Office"`: the answering body's name, compared case-insensitively after trimming. */
export interface DepartmentNode {
  kind: 'department';
  /** Trimmed and lowercased, the form compared. */
  name: string;
  /** Trimmed, as written, for describing the query. */
  display: string;
}

/** `house:commons` or `house:lords`. */
export interface HouseNode {
  kind: 'house';
  house: 'commons' | 'lords';
}

export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}

export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}

export interface NotNode {
  kind: 'not';
  child: QueryNode;
}

export type AtomNode = WordNode | PhraseNode | MemberNode | DepartmentNode | HouseNode;
export type QueryNode = AtomNode | AndNode | OrNode | NotNode;

/** A parsed, valid query: the root of its syntax tree. */
export type Query = QueryNode;
