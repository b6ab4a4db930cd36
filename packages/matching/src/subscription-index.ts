import { compileQuery } from './compile-query';
import { findExclusionOnly } from './find-exclusion-only';
import type { MatchableQuestion } from './matchable-question';
import { parseQuery } from './parse-query';
import { FULL, NONE, PHRASE_BIT, PostingLists } from './posting-lists';
import { scanPostings, type Check, type HitBuffer } from './scan-postings';
import type { Query } from './query';
import { QueryError } from './query-error';
import { queryKey } from './query-key';
import { ALWAYS, CHECK, MULTI, QueryTable } from './query-table';
import { QuestionMarker } from './question-marker';
import type { SubscriptionId, SubscriptionMatch } from './subscription-id';
import { defaultTermCosts, termCostsFromSample, type TermCosts } from './term-costs';
import { TermDictionary } from './term-dictionary';

export interface SubscriptionIndexOptions {
  /**
   * Recent real questions, used only to estimate how common each term is so queries are filed under their rarest
   * terms. Affects speed, never results. Default: a built-in list of words common in written questions.
   */
  sample?: readonly MatchableQuestion[];
  /** Custom term cost estimates; overrides `sample`. */
  costs?: TermCosts;
}

// Compacting is linear in all postings; below this many dead ones it is not worth a pass.
const COMPACT_AFTER = 256;

/**
 * Percolator: holds many subscriptions (queries) and finds which of them each question matches, giving exactly the
 * results of `matchesQuestion` on every pair, much faster. Each distinct query is filed under "anchor" terms, one of
 * which every matching question must contain; a question only visits the queries filed under its own terms and
 * verifies them on precomputed term ids. Not safe for concurrent use (it reuses scratch arrays).
 */
export class SubscriptionIndex {
  private readonly terms: TermDictionary;
  private readonly marker: QuestionMarker;
  private readonly postings = new PostingLists();
  private readonly queries = new QueryTable();
  private readonly checks: (Check | undefined)[] = [];
  private readonly hits: HitBuffer = { ids: new Int32Array(1024), length: 0 };
  private readonly byKey = new Map<string, number>();
  private readonly bySubscription = new Map<SubscriptionId, number>();
  private deadPostings = 0;

  constructor(options: SubscriptionIndexOptions = {}) {
    const costs = options.costs ?? (options.sample ? termCostsFromSample(options.sample) : defaultTermCosts);
    this.terms = new TermDictionary(costs);
    this.marker = new QuestionMarker(this.terms);
  }

  /** Build an index from many subscriptions. String queries are parsed and may throw `QueryError`. */
  static build(
    subscriptions: Iterable<{ id: SubscriptionId; query: Query | string }>,
    options: SubscriptionIndexOptions = {},
  ): SubscriptionIndex {
    const index = new SubscriptionIndex(options);
    for (const { id, query } of subscriptions) index.add(id, query);
    return index;
  }

  /** Number of subscriptions held. */
  get size(): number {
    return this.bySubscription.size;
  }

  /** Number of distinct queries among them (each is verified at most once per question). */
  get distinctQueries(): number {
    return this.byKey.size;
  }

  /**
   * Add a subscription, replacing any with the same id. A string query is parsed and may throw `QueryError`, as
   * does a hand-built `Query` that could match by exclusion only.
   */
  add(id: SubscriptionId, query: Query | string): void {
    // parseQuery already rejects exclusion-only text; only a hand-built Query needs the check here.
    if (typeof query !== 'string' && findExclusionOnly(query) !== null) {
      throw new QueryError('the query can match only by exclusion: add a word, phrase or filter', 0);
    }
    const node = typeof query === 'string' ? parseQuery(query) : query;
    this.remove(id);
    const key = queryKey(node);
    let queryId = this.byKey.get(key);
    if (queryId === undefined) {
      const compiled = compileQuery(node, this.terms);
      const always = compiled.clauses !== null && compiled.clauses.length === 1; // the clause list [0]
      const flags = (compiled.anchors.length > 1 ? MULTI : 0) | (always ? ALWAYS : 0) | (compiled.check ? CHECK : 0);
      const inline = compiled.inline;
      queryId = this.queries.create(key, flags, inline?.length ?? compiled.anchors.length, compiled.clauses);
      this.checks.push(compiled.check ?? undefined);
      if (inline !== null) {
        for (const { anchor, literals } of inline) {
          const [a = NONE, b = NONE] = literals.map((literal) => this.encodeLiteral(literal));
          this.postings.add(anchor, queryId, a, b);
        }
      } else {
        for (const anchor of compiled.anchors) this.postings.add(anchor, queryId, FULL, 0);
      }
      this.byKey.set(key, queryId);
    }
    this.queries.addSubscriber(queryId, id);
    this.bySubscription.set(id, queryId);
  }

  /** Remove a subscription; returns whether it was there. */
  remove(id: SubscriptionId): boolean {
    const queryId = this.bySubscription.get(id);
    if (queryId === undefined) return false;
    this.bySubscription.delete(id);
    if (!this.queries.removeSubscriber(queryId, id)) this.retire(queryId);
    return true;
  }

  /** Every (subscription, question) match, in no particular order. For big batches prefer `matchEach`. */
  match(questions: Iterable<MatchableQuestion>): SubscriptionMatch[] {
    const out: SubscriptionMatch[] = [];
    this.matchEach(questions, (subscriptionId, questionId) => out.push({ subscriptionId, questionId }));
    return out;
  }

  /**
   * Call `onMatch` for every (subscription, question) match, question by question, without collecting them.
   * Do not add or remove subscriptions from inside `onMatch`.
   */
  matchEach(
    questions: Iterable<MatchableQuestion>,
    onMatch: (subscriptionId: SubscriptionId, questionId: number) => void,
  ): void {
    const { marker, queries, checks, hits } = this;
    const postings = this.postings.snapshot();
    for (const question of questions) {
      const state = marker.mark(question);
      if (marker.wrapped) queries.seen.fill(0);
      scanPostings(postings, marker.present, state, queries, checks, hits);
      const { slots } = queries;
      const questionId = question.id;
      for (let k = 0; k < hits.length; k += 1) {
        const slot = slots[hits.ids[k] as number];
        if (slot === undefined) continue; // retired, awaiting compaction
        if (typeof slot !== 'object') onMatch(slot, questionId);
        else for (let s = 0; s < slot.length; s += 1) onMatch(slot[s] as SubscriptionId, questionId);
      }
    }
  }

  private encodeLiteral(literal: number): number {
    const term = literal >= 0 ? literal : ~literal;
    const coded = this.terms.isPhrase(term) ? term | PHRASE_BIT : term;
    return literal >= 0 ? coded : ~coded;
  }

  // Retired queries stay in the postings, skipped because their subscriber slot is empty, until the dead outnumber
  // the live; then one linear pass drops them. So removing is O(1) amortised. A query added again gets a fresh id.
  private retire(queryId: number): void {
    this.byKey.delete(this.queries.keys[queryId] as string);
    this.checks[queryId] = undefined;
    this.deadPostings += this.queries.anchorCount[queryId] as number;
    if (this.deadPostings > COMPACT_AFTER && this.deadPostings * 2 > this.postings.size) {
      const slots = this.queries.slots;
      this.postings.compact((id) => slots[id] !== undefined);
      this.deadPostings = 0;
    }
  }
}
