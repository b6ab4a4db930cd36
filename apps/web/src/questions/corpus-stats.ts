import type { Db } from '@alerts/db';
import { stem, tokenize, withoutCutNote } from '@alerts/matching';
import { isStopWord } from './stop-words';

/** How often each term occurs across the stored questions: the "document frequency" half of tf-idf. */
export interface CorpusStats {
  /** Questions counted. */
  documents: number;
  /** Questions whose heading or text holds the stem. */
  words: ReadonlyMap<string, number>;
  /** Questions holding two stems side by side ("mental health" → "mental health"), stop words excluded. */
  pairs: ReadonlyMap<string, number>;
}

/** The stems of a text and its adjacent non-stop-word pairs, each once. */
function termsOf(text: string): { words: Set<string>; pairs: Set<string> } {
  const words = new Set<string>();
  const pairs = new Set<string>();
  let previous: string | null = null;
  for (const token of tokenize(text)) {
    if (isStopWord(token)) {
      previous = null;
      continue;
    }
    const stemmed = stem(token);
    words.add(stemmed);
    if (previous) pairs.add(`${previous} ${stemmed}`);
    previous = stemmed;
  }
  return { words, pairs };
}

/** Count terms over question headings and texts (answers are long and would swamp the counts). */
export function countCorpus(texts: Iterable<string>): CorpusStats {
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  let documents = 0;
  for (const text of texts) {
    documents++;
    const terms = termsOf(text);
    for (const word of terms.words) words.set(word, (words.get(word) ?? 0) + 1);
    for (const pair of terms.pairs) pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  return { documents, words, pairs };
}

/** The newest questions the counts are drawn from: enough to know which words are common, bounded in memory. */
const CORPUS_LIMIT = 20_000;

/**
 * Corpus counts for the signup page, built from the database on first use and rebuilt when older than `maxAgeMs`
 * (default an hour): new questions barely move word frequencies. One instance lives as long as the app.
 */
export function createCorpusStats(db: Db, options: { maxAgeMs?: number; now?: () => number } = {}) {
  const maxAge = options.maxAgeMs ?? 3600_000;
  const now = options.now ?? Date.now;
  let built: { at: number; stats: Promise<CorpusStats> } | null = null;
  return {
    get(): Promise<CorpusStats> {
      if (!built || now() - built.at > maxAge) {
        const stats = db.question
          .findMany({ select: { heading: true, questionText: true }, orderBy: { id: 'desc' }, take: CORPUS_LIMIT })
          .then((rows) => countCorpus(rows.map((row) => `${row.heading ?? ''}\n${withoutCutNote(row.questionText)}`)));
        built = { at: now(), stats };
        stats.catch(() => (built = null)); // a failed load is retried on the next request
      }
      return built.stats;
    },
  };
}

export type CorpusStatsSource = ReturnType<typeof createCorpusStats>;
