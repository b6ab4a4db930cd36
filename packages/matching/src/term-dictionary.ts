import type { TermCosts } from './term-costs';

/**
 * Interns every term the index knows to a small integer id, one id space for all kinds: word stems, exact tokens
 * (for phrases), phrases, member ids, departments and houses. Only terms some query uses are interned, so a question's
 * other words cost a failed map look-up and nothing more.
 */
export class TermDictionary {
  readonly stems = new Map<string, number>();
  readonly tokens = new Map<string, number>();
  readonly members = new Map<number, number>();
  readonly departments = new Map<string, number>();
  readonly houses = new Map<string, number>();
  readonly phrases = new Map<string, number>();
  /** Token term ids of each phrase term, by term id (undefined for other kinds). */
  readonly phraseTokens: (Int32Array | undefined)[] = [];
  /** For each phrase term, the index of its rarest token within it (0 for other terms). */
  readonly phraseAnchors: number[] = [];
  /** The term to file a query under for each term: itself, or a phrase's rarest token. */
  private readonly anchors: number[] = [];
  /** Estimated fraction of questions containing each term, by term id: lower is a better anchor. */
  readonly costs: number[] = [];
  /** Bumped whenever a stem is added, so callers can drop caches of "this token's stem is unknown". */
  stemGeneration = 0;

  constructor(private readonly estimate: TermCosts) {}

  get size(): number {
    return this.costs.length;
  }

  stem(value: string): number {
    const known = this.stems.get(value);
    if (known !== undefined) return known;
    this.stemGeneration += 1;
    return this.add(this.stems, value, this.estimate.stem(value));
  }

  token(value: string): number {
    return this.tokens.get(value) ?? this.add(this.tokens, value, this.estimate.token(value));
  }

  member(value: number): number {
    return this.members.get(value) ?? this.add(this.members, value, this.estimate.member(value));
  }

  department(value: string): number {
    return this.departments.get(value) ?? this.add(this.departments, value, this.estimate.department(value));
  }

  house(value: string): number {
    return this.houses.get(value) ?? this.add(this.houses, value, this.estimate.house(value));
  }

  /** A phrase of two or more tokens: present when they occur consecutively in one field. */
  phrase(tokens: readonly string[]): number {
    const key = tokens.join(' ');
    const known = this.phrases.get(key);
    if (known !== undefined) return known;
    const ids = Int32Array.from(tokens, (token) => this.token(token));
    // A phrase needs all its tokens, so its rarest token is a sound place to file it, and its cost.
    const rarest = ids.reduce((best, id) => ((this.costs[id] ?? 1) < (this.costs[best] ?? 1) ? id : best));
    const id = this.add(this.phrases, key, this.costs[rarest] ?? 1, rarest);
    this.phraseTokens[id] = ids;
    this.phraseAnchors[id] = ids.indexOf(rarest);
    return id;
  }

  /** Is this a phrase term (looked for lazily rather than marked up front)? */
  isPhrase(id: number): boolean {
    return this.phraseTokens[id] !== undefined;
  }

  /** Where to file a query that needs `id`: the term itself, or for a phrase its rarest token. */
  anchorOf(id: number): number {
    return this.anchors[id] ?? id;
  }

  private add<K>(map: Map<K, number>, key: K, cost: number, anchor?: number): number {
    const id = this.costs.length;
    map.set(key, id);
    this.costs.push(cost);
    this.anchors.push(anchor ?? id);
    // Keep the array dense: a sparse write would switch V8 to slow dictionary elements in the hot loop.
    this.phraseTokens.push(undefined);
    this.phraseAnchors.push(0);
    return id;
  }
}
