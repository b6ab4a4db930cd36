import { buildExcerpt, type ExcerptSegment } from './build-excerpt';

/** Cuts an excerpt for a card; see {@link buildExcerpt}. */
export type ExcerptCutter = (text: string, highlight: readonly string[], length: number) => ExcerptSegment[];

/** Options of {@link createExcerptMemo}. */
export interface ExcerptMemoOptions {
  /** Characters of card text kept as keys before the memo starts afresh. Default 8 million (about 16 MB). */
  maxTextChars?: number;
  /**
   * Excerpts kept before the memo starts afresh. Default 20,000 (a few tens of MB): a run with generated queries
   * has hundreds of thousands of question and highlight pairs, and an unbounded memo grew the mailer past 1.5 GB.
   */
  maxEntries?: number;
}

/**
 * {@link buildExcerpt} remembered per exact text and highlight list. In a mailing run the same question reaches
 * thousands of subscribers with the same matched words, so its excerpt is cut once rather than once per email. The
 * key is the whole text, so a corrected answer can never get an old excerpt; the segments are shared between
 * emails and must not be changed (templates only read them). Memory is bounded by the characters of text held
 * and by the number of excerpts.
 */
export function createExcerptMemo(options: ExcerptMemoOptions = {}): ExcerptCutter {
  const maxTextChars = options.maxTextChars ?? 8_000_000;
  const maxEntries = options.maxEntries ?? 20_000;
  let byText = new Map<string, Map<string, ExcerptSegment[]>>();
  let heldChars = 0;
  let entries = 0;
  return (text, highlight, length) => {
    const key = `${length}\u0000${highlight.join('\u0000')}`;
    let byHighlight = byText.get(text);
    const known = byHighlight?.get(key);
    if (known) return known;
    const segments = buildExcerpt(text, highlight, { length });
    if ((!byHighlight && heldChars + text.length > maxTextChars) || entries >= maxEntries) {
      byText = new Map();
      heldChars = 0;
      entries = 0;
      byHighlight = undefined;
    }
    if (!byHighlight) {
      byHighlight = new Map();
      byText.set(text, byHighlight);
      heldChars += text.length;
    }
    byHighlight.set(key, segments);
    entries++;
    return segments;
  };
}

/** No memo: every card is cut afresh (for one-off renders and to measure the cost of cutting). */
export const cutExcerpt: ExcerptCutter = (text, highlight, length) => buildExcerpt(text, highlight, { length });
