import { buildExcerpt, type ExcerptSegment } from './build-excerpt';

/** Cuts an excerpt for a card; see {@link buildExcerpt}. */
export type ExcerptCutter = (text: string, highlight: readonly string[], length: number) => ExcerptSegment[];

/** Options of {@link createExcerptMemo}. */
export interface ExcerptMemoOptions {
  /** Characters of card text kept as keys before the memo starts afresh. Default 16 million (about 32 MB). */
  maxTextChars?: number;
}

/**
 * {@link buildExcerpt} remembered per exact text and highlight list. In a mailing run the same question reaches
 * thousands of subscribers with the same matched words, so its excerpt is cut once rather than once per email. The
 * key is the whole text, so a corrected answer can never get an old excerpt; the segments are shared between
 * emails and must not be changed (templates only read them). Memory is bounded by the characters of text held.
 */
export function createExcerptMemo(options: ExcerptMemoOptions = {}): ExcerptCutter {
  const maxTextChars = options.maxTextChars ?? 16_000_000;
  let byText = new Map<string, Map<string, ExcerptSegment[]>>();
  let heldChars = 0;
  return (text, highlight, length) => {
    const key = `${length}\u0000${highlight.join('\u0000')}`;
    let byHighlight = byText.get(text);
    const known = byHighlight?.get(key);
    if (known) return known;
    const segments = buildExcerpt(text, highlight, { length });
    if (!byHighlight) {
      if (heldChars + text.length > maxTextChars) {
        byText = new Map();
        heldChars = 0;
      }
      byHighlight = new Map();
      byText.set(text, byHighlight);
      heldChars += text.length;
    }
    byHighlight.set(key, segments);
    return segments;
  };
}

/** No memo: every card is cut afresh (for one-off renders and to measure the cost of cutting). */
export const cutExcerpt: ExcerptCutter = (text, highlight, length) => buildExcerpt(text, highlight, { length });
