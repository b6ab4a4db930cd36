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
export function buildExcerpt(
  text: string,
  highlight: readonly string[],
  options: ExcerptOptions = {},
): ExcerptSegment[] {
  const length = options.length ?? 400;
  const lead = options.lead ?? 100;
  // Long answers (tens of kB) are narrowed first to a window around the first likely highlight, so the work below
  // is proportional to the excerpt, not to the answer.
  const limit = length + lead + 2 * WINDOW_SLACK;
  if (text.length > 2 * limit) {
    const first = firstLikelyHighlight(text, highlight);
    const from = Math.max(0, first < 0 ? 0 : first - lead - WINDOW_SLACK);
    const to = Math.min(text.length, from + limit);
    const segments = excerptOf(text.slice(from, to), highlight, length, lead);
    if (from > 0 && !(segments[0] && !segments[0].mark && segments[0].text.startsWith('… ')))
      segments.unshift({ text: '… ', mark: false });
    if (to < text.length && !(segments.at(-1) && !segments.at(-1)!.mark && segments.at(-1)!.text.endsWith(' …')))
      segments.push({ text: ' …', mark: false });
    return mergePlain(segments);
  }
  return excerptOf(text, highlight, length, lead);
}

const WINDOW_SLACK = 100;
const firstWordPatterns = new Map<string, RegExp>();

/** Index of the first case-insensitive, ASCII-bounded occurrence of any word; -1 if none. Cheap: no Unicode flag. */
function firstLikelyHighlight(text: string, words: readonly string[]): number {
  let first = -1;
  for (const word of words) {
    const key = word.trim();
    if (!key) continue;
    let pattern = firstWordPatterns.get(key);
    if (!pattern) {
      pattern = new RegExp(
        `(?<![A-Za-z0-9_])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}(?![A-Za-z0-9_])`,
        'i',
      );
      if (firstWordPatterns.size > 5_000) firstWordPatterns.clear();
      firstWordPatterns.set(key, pattern);
    }
    const at = pattern.exec(text)?.index ?? -1;
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

function excerptOf(text: string, highlight: readonly string[], length: number, lead: number): ExcerptSegment[] {
  // Text is usually clean already; testing first skips a copy. `/\s+/g` would rewrite every single space.
  const clean = needsCleaning(text) ? text.replace(/\s{2,}|[^\S ]/g, ' ').trim() : text;
  const ranges = outsideLinks(clean, findHighlights(clean, highlight));

  let start = 0;
  let end = clean.length;
  if (clean.length > length) {
    const first = ranges[0];
    if (first) start = Math.max(0, Math.min(first[0] - lead, clean.length - length));
    end = start + length;
    if (start > 0) start = snapForward(clean, start, first?.[0] ?? start);
    if (end < clean.length) end = snapBack(clean, end, start);
  }

  const segments: ExcerptSegment[] = [];
  if (start > 0) segments.push({ text: '… ', mark: false });
  markRanges(clean, start, end, ranges, segments);
  if (end < clean.length) segments.push({ text: ' …', mark: false });
  return mergePlain(segments);
}

// Runs on every card, so it is the cheapest test that measured well: a short explicit class (V8 runs `\s` and
// `[^\S ]` classes several times slower). Rare Unicode spaces (U+2028 …) are left alone; HTML collapses them.
function needsCleaning(text: string): boolean {
  return /[\t\n\r\f\v\u00a0]| {2}/.test(text) || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32;
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const isWordChar = (char: string | undefined) => char !== undefined && WORD_CHAR.test(char);

/**
 * Whole-word, case-insensitive occurrences of the highlight words, as sorted, non-overlapping [start, end) ranges
 * (longest word first where two start together). Plain indexOf over the lower-cased text: a case-insensitive Unicode
 * regex with look-behinds cost a quarter of the mailer's CPU. Falls back to that regex when lower-casing changes
 * the text's length (a few rare letters do), since indexes would no longer line up.
 */
function findHighlights(text: string, highlight: readonly string[]): [number, number][] {
  // `text` is cleaned (single spaces only), so a phrase's words match with its whitespace made single spaces too.
  const words = [
    ...new Set(highlight.map((word) => word.trim().replace(/\s+/g, ' ').toLowerCase()).filter(Boolean)),
  ].sort((a, b) => b.length - a.length);
  if (!words.length) return [];
  const lower = text.toLowerCase();
  if (lower.length !== text.length) return regexHighlights(text, highlight);
  const found: [number, number][] = [];
  for (const word of words) {
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
      const end = at + word.length;
      if (!isWordChar(text[at - 1]) && !isWordChar(text[end])) found.push([at, end]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const ranges: [number, number][] = [];
  for (const range of found) if (!ranges.length || range[0] >= ranges[ranges.length - 1]![1]) ranges.push(range);
  return ranges;
}

function regexHighlights(text: string, highlight: readonly string[]): [number, number][] {
  const pattern = highlightPattern(highlight);
  if (!pattern) return [];
  pattern.lastIndex = 0;
  const ranges: [number, number][] = [];
  for (let match = pattern.exec(text); match; match = pattern.exec(text))
    ranges.push([match.index, match.index + match[0].length]);
  return ranges;
}

// Where a web or email address shows itself: a scheme, www., an @, or a domain followed by a path (gov.uk/…).
const LINK_HINT = /:\/\/|\bwww\.|@|\.[a-z]{2,}\//gi;

/**
 * The highlights that are not inside a web or email address. A marked word inside a link breaks it: the text part
 * shows `*word*`, so `https://explore-education-statistics…` would read `https://explore-*education*-statistics…`.
 * An address is the whole run of non-spaces around a hint (the text is cleaned: single spaces).
 */
function outsideLinks(text: string, ranges: [number, number][]): [number, number][] {
  if (!ranges.length) return ranges;
  const links: [number, number][] = [];
  for (const { index } of text.matchAll(LINK_HINT)) {
    if (links.length && index < links[links.length - 1]![1]) continue; // another hint in the same address
    const end = text.indexOf(' ', index);
    links.push([text.lastIndexOf(' ', index) + 1, end < 0 ? text.length : end]);
  }
  if (!links.length) return ranges;
  return ranges.filter(([from, to]) => !links.some(([start, end]) => from < end && to > start));
}

/** Split text[start, end) into plain and marked runs; a highlight cut by the excerpt's edge is left plain. */
function markRanges(text: string, start: number, end: number, ranges: [number, number][], out: ExcerptSegment[]): void {
  let at = start;
  for (const [from, to] of ranges) {
    if (from < start || to > end) continue;
    if (from > at) out.push({ text: text.slice(at, from), mark: false });
    out.push({ text: text.slice(from, to), mark: true });
    at = to;
  }
  if (at < end) out.push({ text: text.slice(at, end), mark: false });
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
