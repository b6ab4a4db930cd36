import { stem, tokenize, withoutCutNote } from '@alerts/matching';
import type { CorpusStats } from './corpus-stats';
import { isStopWord } from './stop-words';

/**
 * Keywords for "Alert me about debates like this": each part of the heading ("Schools: Mental Health") becomes a
 * word or a quoted phrase, all required. Generic parts Parliament uses on many headings are dropped.
 */
const GENERIC = new Set(['departmental responsibilities', 'written questions', 'general']);

export function suggestQuery(heading: string | null): string {
  return headingParts(heading)
    .map((part) => (/\s|-/.test(part) ? `"${part}"` : part.toLowerCase()))
    .join(' ');
}

function headingParts(heading: string | null): string[] {
  if (!heading) return [];
  return heading
    .split(/[:;]/)
    .map((part) => part.replace(/["()]/g, ' ').replace(/\s+/g, ' ').trim())
    .filter((part) => part && !GENERIC.has(part.toLowerCase()));
}

/** A word or two-word phrase of a question, as the query language writes it, with its tf-idf weight. */
export interface DistinctiveTerm {
  /** `mosswood` or `"mental health"`: ready to put in a query. */
  text: string;
  score: number;
}

interface SourceQuestion {
  heading: string | null;
  questionText: string;
  answeringBodyName?: string | null;
}

/** Share of the corpus above which a heading part is too common to alert on by itself ("Home Office"). */
const COMMON_SHARE = 0.1;

/**
 * The heading's subject as a query, leaving out parts that are the department's own name or that a large share of
 * stored questions use: "Home Office: Departmental Responsibilities" gives nothing, "Schools: Mental Health" both.
 */
function headingSubject(question: SourceQuestion, stats: CorpusStats): string {
  const department = (question.answeringBodyName ?? '').toLowerCase();
  const parts = headingParts(question.heading).filter((part) => {
    if (part.toLowerCase() === department) return false;
    const counts = tokenize(part)
      .filter((token) => !isStopWord(token))
      .map((token) => stats.words.get(stem(token)) ?? 0);
    return counts.length > 0 && Math.min(...counts) <= Math.max(stats.documents * COMMON_SHARE, 3);
  });
  return parts.map((part) => (/\s|-/.test(part) ? `"${part}"` : part.toLowerCase())).join(' ');
}

/**
 * The question's most distinctive words and phrases against the stored corpus (tf-idf): a term scores by how often
 * the question uses it times log(N / questions using it). Phrases need at least two questions in the corpus, so
 * an accident of wording is not offered; words in quotation marks in the question (‘Operation Mosswood’) are kept
 * together as a phrase. Best first.
 */
export function distinctiveTerms(question: SourceQuestion, stats: CorpusStats, limit = 6): DistinctiveTerm[] {
  // Generic heading parts ("Departmental Responsibilities") and words most questions use say nothing about this one.
  const text = `${headingParts(question.heading).join(': ')}\n${withoutCutNote(question.questionText)}`;
  const common = Math.max(stats.documents * COMMON_SHARE, 3);
  const idf = (count: number | undefined) => Math.log((stats.documents + 1) / ((count ?? 0) + 1));
  const wordCounts = new Map<string, { surface: string; tf: number }>();
  const pairCounts = new Map<string, { surface: string; tf: number }>();
  let previous: { stem: string; surface: string } | null = null;
  for (const token of tokenize(text)) {
    if (isStopWord(token)) {
      previous = null;
      continue;
    }
    const stemmed = stem(token);
    const word = wordCounts.get(stemmed) ?? { surface: token, tf: 0 };
    word.tf++;
    wordCounts.set(stemmed, word);
    if (previous) {
      const key = `${previous.stem} ${stemmed}`;
      const pair = pairCounts.get(key) ?? { surface: `${previous.surface} ${token}`, tf: 0 };
      pair.tf++;
      pairCounts.set(key, pair);
    }
    previous = { stem: stemmed, surface: token };
  }
  const terms: DistinctiveTerm[] = [];
  for (const [key, { surface, tf }] of wordCounts) {
    const count = stats.words.get(key) ?? 0;
    if (count <= common) terms.push({ text: surface, score: tf * idf(count) });
  }
  for (const [key, { surface, tf }] of pairCounts) {
    const count = stats.pairs.get(key) ?? 0;
    if (count >= 2 && count <= common) terms.push({ text: `"${surface}"`, score: tf * idf(count) * 1.2 });
  }
  for (const quoted of text.matchAll(/[‘“"]([^‘’“”"]{3,60})[’”"]/g)) {
    const words = tokenize(quoted[1]!);
    if (words.length >= 2 && words.length <= 4)
      terms.push({ text: `"${words.join(' ')}"`, score: Number.MAX_SAFE_INTEGER / 2 });
  }
  terms.sort((a, b) => b.score - a.score);
  // A phrase covers its words: drop words already inside a better phrase, and repeats.
  // The department's own name is what the department filter is for.
  const chosen: DistinctiveTerm[] = [];
  const covered = new Set<string>(tokenize(question.answeringBodyName ?? '').map(stem));
  for (const term of terms) {
    const words = tokenize(term.text).map(stem);
    if (words.every((word) => covered.has(word))) continue;
    // A phrase subsumes a word already chosen: "wind power" replaces "wind".
    for (let i = chosen.length - 1; i >= 0; i--) {
      const chosenWords = tokenize(chosen[i]!.text).map(stem);
      if (chosenWords.length === 1 && words.includes(chosenWords[0]!)) chosen.splice(i, 1);
    }
    chosen.push(term);
    for (const word of words) covered.add(word);
    if (chosen.length >= limit) break;
  }
  return chosen;
}

/**
 * Candidate queries, best first: the most distinctive term, the two most distinctive together, the heading's
 * subject, the phrase's rarest word, and either of two terms. The page shows the first three that parse. Duplicates and empty candidates are dropped.
 */
export function suggestQueries(question: SourceQuestion, stats: CorpusStats): string[] {
  const terms = distinctiveTerms(question, stats, 3);
  const subject = headingSubject(question, stats);
  // A phrase's rarest word is the same subject, worded more loosely: "mosswood" for "operation mosswood".
  const phraseWords = terms[0]?.text.startsWith('"')
    ? tokenize(terms[0].text).filter((token) => !isStopWord(token))
    : [];
  const loosest =
    phraseWords.sort((a, b) => (stats.words.get(stem(a)) ?? 0) - (stats.words.get(stem(b)) ?? 0))[0] ?? '';
  const candidates = [
    terms[0]?.text ?? '',
    terms.length >= 2 ? `${terms[0]!.text} ${terms[1]!.text}` : '',
    subject,
    loosest,
    terms.length >= 3 ? `${terms[0]!.text} OR ${terms[2]!.text}` : '',
  ];
  const seen = new Set<string>();
  return candidates.filter((query) => {
    const key = query.toLowerCase();
    if (!query || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
