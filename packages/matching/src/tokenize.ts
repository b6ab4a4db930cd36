// Apostrophes are deleted before splitting so "Facebook’s" is one token, `facebooks`, in text and queries alike.
const APOSTROPHES = /['’]/g;
const TOKEN = /[\p{L}\p{N}]+/gu;

/**
 * Split text into search tokens: lowercase it, delete apostrophes (`'` and `’`), then take maximal runs of Unicode
 * letters and digits. `"Facebook’s end-to-end"` gives `["facebooks", "end", "to", "end"]`.
 */
export function tokenize(text: string): string[] {
  return text.toLowerCase().replace(APOSTROPHES, '').match(TOKEN) ?? [];
}

/** A run of the original text that yields tokens, with its offsets, for highlighting. */
export interface SurfaceRun {
  /** The original characters, e.g. `Facebook’s`. */
  text: string;
  /** 0-based offset of the first character in the source text. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** The tokens this run yields (usually one). */
  tokens: string[];
}

// Letters, digits and apostrophes: after apostrophes are deleted such a run is one token (or, in rare case-mapping
// corner cases such as `İ`, a few), so it is the surface form of what `tokenize` sees.
const SURFACE = /[\p{L}\p{N}'’]+/gu;
const EDGE_APOSTROPHES = /^['’]+|['’]+$/g;

/** Tokenize keeping each token's surface run in the original text. Used for highlighting, not for matching. */
export function tokenizeSurface(text: string): SurfaceRun[] {
  const runs: SurfaceRun[] = [];
  for (const match of text.matchAll(SURFACE)) {
    const tokens = tokenize(match[0]);
    if (tokens.length === 0) continue;
    // Quotes around a word (‘Operation Mosswood’) are not part of it; apostrophes inside (Windsor’s) are.
    const inner = match[0].replace(EDGE_APOSTROPHES, '');
    const start = (match.index ?? 0) + match[0].indexOf(inner);
    runs.push({ text: inner, start, end: start + inner.length, tokens });
  }
  return runs;
}
