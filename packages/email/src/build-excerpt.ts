/** A run of excerpt text; `mark` runs are the highlighted words. Templates escape `text` themselves. */
export interface ExcerptSegment {
  text: string;
  mark: boolean;
}

/** Options of {@link buildExcerpt}. */
export interface ExcerptOptions {
  /** Characters of text to keep, before the ellipses. Default 400. */
  length?: number;
  /** Characters of context to keep before the first highlighted word. Default 100. */
  lead?: number;
}

const patternCache = new Map<string, RegExp | null>();
const PATTERN_CACHE_LIMIT = 500;

/**
 * Cut about `length` characters of `text` around the first highlighted word and split it into plain and marked
 * runs. Matching is whole-word and case-insensitive (Unicode letters and digits count as word characters, so
 * "café" and "Ministry's" behave). Without a match the excerpt starts at the beginning. Cuts fall on spaces and
 * are shown with "…".
 */
export function buildExcerpt(text: string, highlight: readonly string[], options: ExcerptOptions = {}): ExcerptSegment[] {
  const length = options.length ?? 400;
  const lead = options.lead ?? 100;
  // Text is usually clean already; testing first skips a copy. `/\s+/g` would rewrite every single space.
  const clean = needsCleaning(text) ? text.replace(/\s{2,}|[^\S ]/g, ' ').trim() : text;
  const pattern = highlightPattern(highlight);

  let start = 0;
  let end = clean.length;
  if (clean.length > length) {
    pattern && (pattern.lastIndex = 0);
    const first = pattern?.exec(clean);
    if (first) start = Math.max(0, Math.min(first.index - lead, clean.length - length));
    end = start + length;
    if (start > 0) start = snapForward(clean, start, first?.index ?? start);
    if (end < clean.length) end = snapBack(clean, end, start);
  }

  const segments: ExcerptSegment[] = [];
  if (start > 0) segments.push({ text: '… ', mark: false });
  markMatches(clean.slice(start, end), pattern, segments);
  if (end < clean.length) segments.push({ text: ' …', mark: false });
  return mergePlain(segments);
}

// Runs on every card, so it is the cheapest test that measured well: a short explicit class (V8 runs `\s` and
// `[^\S ]` classes several times slower). Rare Unicode spaces (U+2028 …) are left alone; HTML collapses them.
function needsCleaning(text: string): boolean {
  return (
    /[\t\n\r\f\v\u00a0]| {2}/.test(text) || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32
  );
}

function markMatches(slice: string, pattern: RegExp | null, out: ExcerptSegment[]): void {
  if (!pattern) {
    out.push({ text: slice, mark: false });
    return;
  }
  pattern.lastIndex = 0;
  let at = 0;
  for (let match = pattern.exec(slice); match; match = pattern.exec(slice)) {
    if (match.index > at) out.push({ text: slice.slice(at, match.index), mark: false });
    out.push({ text: match[0], mark: true });
    at = match.index + match[0].length;
  }
  if (at < slice.length) out.push({ text: slice.slice(at), mark: false });
}

function mergePlain(segments: ExcerptSegment[]): ExcerptSegment[] {
  const merged: ExcerptSegment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (last && !last.mark && !segment.mark) last.text += segment.text;
    else merged.push(segment);
  }
  return merged;
}

// Start after a space so the excerpt never opens mid-word, but never skip past the highlighted word.
function snapForward(text: string, start: number, limit: number): number {
  const space = text.indexOf(' ', start - 1);
  return space >= 0 && space < limit && space - start < 40 ? space + 1 : start;
}

function snapBack(text: string, end: number, start: number): number {
  const space = text.lastIndexOf(' ', end);
  return space > start && end - space < 40 ? space : end;
}

/** One global regex for a highlight list, cached because a digest reuses the same list for every card. */
function highlightPattern(words: readonly string[]): RegExp | null {
  const key = words.join('\u0000');
  const cached = patternCache.get(key);
  if (cached !== undefined) return cached;
  const alternatives = [...new Set(words.map((word) => word.trim()).filter(Boolean))]
    .sort((a, b) => b.length - a.length) // longest first, so "encryption" wins over "encrypt"
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  const pattern = alternatives.length
    ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'giu')
    : null;
  if (patternCache.size >= PATTERN_CACHE_LIMIT) patternCache.clear();
  patternCache.set(key, pattern);
  return pattern;
}
