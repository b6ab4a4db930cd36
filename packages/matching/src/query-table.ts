import { growInt32 } from './grow-int32';
import type { SubscriptionId } from './subscription-id';

/** Flags of a distinct query, one byte each. */
export const MULTI = 1; // filed under several terms, so a question can reach it more than once
export const ALWAYS = 2; // reaching it through its one anchor is the match (e.g. a single word)
export const CHECK = 4; // verified by a closure, not by the clause pool

/**
 * Per distinct query storage as parallel typed arrays indexed by query id (struct of arrays): the hot loop touches
 * the flags and clause pool only for queries not decided inline, and
 * `slots` only to emit. Query ids are never reused.
 */
export class QueryTable {
  flags = new Uint8Array(1024);
  seen = new Int32Array(1024);
  /** Offset in `pool` of each query's clauses: `[length, …clauses]`. */
  clauseStart = new Int32Array(1024);
  pool = new Int32Array(4096);
  private poolLength = 0;
  readonly anchorCount: number[] = [];
  readonly keys: string[] = [];
  /**
   * Subscribers of each query: the id itself when there is one (most queries), an array when several, undefined
   * once retired. One slot, so emitting a hit costs one memory read.
   */
  readonly slots: (SubscriptionId | SubscriptionId[] | undefined)[] = [];

  /** Store a new query; returns its id. */
  create(key: string, flags: number, anchorCount: number, clauses: Int32Array | null): number {
    const id = this.keys.length;
    if (id >= this.flags.length) this.growRows();
    this.flags[id] = flags;
    this.keys.push(key);
    this.anchorCount.push(anchorCount);
    this.slots.push(undefined);
    if (clauses !== null) {
      while (this.poolLength + clauses.length + 1 > this.pool.length)
        this.pool = growInt32(this.pool, this.pool.length * 2);
      this.clauseStart[id] = this.poolLength;
      this.pool[this.poolLength] = clauses.length;
      this.pool.set(clauses, this.poolLength + 1);
      this.poolLength += clauses.length + 1;
    }
    return id;
  }

  /** Add a subscriber to a query. */
  addSubscriber(id: number, subscriptionId: SubscriptionId): void {
    const slot = this.slots[id];
    if (slot === undefined) this.slots[id] = subscriptionId;
    else if (typeof slot === 'object') slot.push(subscriptionId);
    else this.slots[id] = [slot, subscriptionId];
  }

  /** Remove a subscriber; returns whether the query still has any (if not, it is retired). */
  removeSubscriber(id: number, subscriptionId: SubscriptionId): boolean {
    const slot = this.slots[id];
    if (typeof slot !== 'object') {
      this.slots[id] = undefined;
      return false;
    }
    const at = slot.indexOf(subscriptionId);
    slot[at] = slot[slot.length - 1] as SubscriptionId;
    slot.pop();
    if (slot.length === 1) this.slots[id] = slot[0];
    return true;
  }

  private growRows(): void {
    const length = this.flags.length * 2;
    const flags = new Uint8Array(length);
    flags.set(this.flags);
    this.flags = flags;
    this.seen = growInt32(this.seen, length);
    this.clauseStart = growInt32(this.clauseStart, length);
  }
}
