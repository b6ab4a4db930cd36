/** Second slot of a posting entry meaning "not inline: verify through the query table". */
export const FULL = -0x80000000;
/** A literal slot left empty. */
export const NONE = 0x7fffffff;
/**
 * Inline literals flag phrase terms in this bit (before `~` for absence), so the common case, a plain term, is
 * decided from the marks alone without a call. Term ids stay below it.
 */
export const PHRASE_BIT = 0x40000000;
export const TERM_MASK = PHRASE_BIT - 1;

/**
 * For each term id, the entries filed under it, as triples `[queryId, literal, literal]` (see
 * `CompiledQuery.inline`; `[queryId, FULL, 0]` for queries verified through the table). Edits go to plain arrays;
 * matching reads packed `Int32Array` copies, refreshed for just the edited terms before each batch, so the hot loop
 * scans contiguous memory and most candidates are decided without touching anything else.
 */
export class PostingLists {
  private readonly lists: number[][] = [];
  private readonly packed: (Int32Array | undefined)[] = [];
  private readonly dirty = new Set<number>();
  /** Total entries, including ones for retired queries not yet compacted away. */
  size = 0;

  add(term: number, queryId: number, first: number, second: number): void {
    // Dense arrays only: a sparse write would switch V8 to slow dictionary elements.
    while (this.lists.length <= term) this.lists.push([]);
    while (this.packed.length <= term) this.packed.push(undefined);
    (this.lists[term] as number[]).push(queryId, first, second);
    this.dirty.add(term);
    this.size += 1;
  }

  /** The packed lists, up to date with every edit. */
  snapshot(): readonly (Int32Array | undefined)[] {
    for (const term of this.dirty) this.packed[term] = Int32Array.from(this.lists[term] ?? []);
    this.dirty.clear();
    return this.packed;
  }

  /** Drop every entry whose query `isLive` rejects; one linear pass. */
  compact(isLive: (queryId: number) => boolean): void {
    let size = 0;
    this.lists.forEach((list, term) => {
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 3) {
        if (isLive(list[i] as number)) kept.push(list[i] as number, list[i + 1] as number, list[i + 2] as number);
      }
      if (kept.length !== list.length) {
        this.lists[term] = kept;
        this.dirty.add(term);
      }
      size += kept.length / 3;
    });
    this.size = size;
  }
}
