// The reference carries the stemmer's hand-written types into every workspace that compiles this file through an
// import of @alerts/matching; an `import` of a .d.ts cannot declare a module for them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- see above
/// <reference path="./wink-porter2-stemmer.d.ts" />
import porter2 from 'wink-porter2-stemmer';

// The stemmer's suffix regexes are quadratic in the word length; real words are short, so longer tokens (hashes,
// URLs run together) are left as they are. Queries and questions go through this same function, so they agree.
const MAX_STEMMED_LENGTH = 64;
// Questions repeat the same few thousand words; a bounded cache avoids re-running ~30 regexes per token.
const CACHE_LIMIT = 200_000;
const cache = new Map<string, string>();

/**
 * The Porter2 (Snowball English) stem of a lowercase token, via `wink-porter2-stemmer`: `encryption` and
 * `encrypted` both give `encrypt`. Tokens longer than 64 characters are returned unchanged.
 */
export function stem(token: string): string {
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  const result = token.length > MAX_STEMMED_LENGTH ? token : porter2(token);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(token, result);
  return result;
}
