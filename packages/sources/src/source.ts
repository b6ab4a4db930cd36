import type { MemberInfo } from './members/member-info';

/** A window of UK calendar dates, inclusive, as YYYY-MM-DD. */
export interface DateWindow {
  from: string;
  to: string;
}

export type SourceItem =
  | { kind: 'record'; record: unknown }
  /** Something the source could not even hand over (a list item with no id, a detail that 404s). */
  | { kind: 'bad'; recordId: string; reason: string };

export interface SourceProgress {
  phase: 'list' | 'detail' | 'read';
  done: number;
  total: number;
}

export interface FetchOptions {
  /** Questions tabled, answered or corrected within this window. Omitted: the source's whole content (sample only). */
  window?: DateWindow;
  /**
   * Questions to fetch again whatever the window, so their state stays current: those someone follows that are not
   * yet answered (a withdrawal, for one, appears in no dated list). Sources without such a route ignore it.
   */
  refreshIds?: number[];
  onProgress?: (progress: SourceProgress) => void;
  signal?: AbortSignal;
}

/** Where answered written questions come from. Implementations: the Parliament API and the bundled sample. */
export interface QuestionSource {
  readonly name: string;
  fetch(options: FetchOptions): AsyncIterable<SourceItem>;
  /** Member details the source already knows (names, parties), to fill the members cache. */
  knownMembers(): Promise<MemberInfo[]>;
  /**
   * Members to fall back on where the source names none (the bundled list, behind the live API): stored only where
   * the cache lacks them, never over what `knownMembers` said.
   */
  fallbackMembers?(): Promise<MemberInfo[]>;
}
