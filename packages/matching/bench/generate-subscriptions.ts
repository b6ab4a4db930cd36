// Generates a realistic mix of alert queries from the real corpus, for the benchmark.
import type { MatchableQuestion } from '../src/matchable-question';
import { questionFields } from '../src/question-fields';
import { tokenize } from '../src/tokenize';

// Function words and the boilerplate every question repeats ("To ask the Secretary of State for …"): nobody
// subscribes to them, and they would make every subscription match every question.
const STOP = new Set(
  (
    'a about above after again all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing during each few for from further had has have having he her here hers him his how i if ' +
    'in into is it its itself made make many may me more most much must my no nor not of off on once only or other our ' +
    'out over own per same she should so some such than that the their them then there these they this those through to ' +
    'too under until up very was we were what when where whether which while who whom why will with would you your ' +
    'ask asked secretary state hon his her majesty government department steps taking take assessment answer question ' +
    'whether ensure number including provide plans p table'
  ).split(' '),
);

export interface CorpusWords {
  words: string[];
  /** Cumulative sampling weights, for binary search. */
  cumulative: Float64Array;
  phrases: string[];
  members: number[];
  departments: string[];
}

/**
 * Content words of the corpus with sampling weights `count^tilt`: tilt 1 samples by raw frequency (common words
 * dominate), lower tilts flatten the Zipf head so rarer words get their realistic share of subscriptions.
 */
export function corpusWords(questions: readonly MatchableQuestion[], tilt: number): CorpusWords {
  const counts = new Map<string, number>();
  const phrases = new Set<string>();
  for (const question of questions) {
    for (const tokens of questionFields(question).map(tokenize)) {
      tokens.forEach((token, i) => {
        if (STOP.has(token) || token.length < 3 || /^[0-9]+$/.test(token)) return;
        counts.set(token, (counts.get(token) ?? 0) + 1);
        const next = tokens[i + 1];
        if (next !== undefined && !STOP.has(next) && next.length > 2) phrases.add(`${token} ${next}`);
      });
    }
  }
  const words = [...counts.keys()];
  const cumulative = new Float64Array(words.length);
  let total = 0;
  words.forEach((word, i) => (cumulative[i] = total += (counts.get(word) as number) ** tilt));
  const members = [
    ...new Set(
      questions.flatMap((q) => [q.askingMemberId, q.answeringMemberId]).filter((m): m is number => m !== null),
    ),
  ];
  const departments = [...new Set(questions.map((q) => q.answeringBodyName).filter((d): d is string => d !== null))];
  return { words, cumulative, phrases: [...phrases], members, departments };
}

function sampleWord(random: () => number, corpus: CorpusWords): string {
  const target = random() * (corpus.cumulative[corpus.cumulative.length - 1] as number);
  let lo = 0;
  let hi = corpus.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((corpus.cumulative[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return corpus.words[lo] as string;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** One query in the benchmark mix: mostly 1–3 words, some phrases, OR, NOT, member and department filters. */
export function generateQuery(random: () => number, corpus: CorpusWords): string {
  const word = () => sampleWord(random, corpus);
  const roll = random();
  if (roll < 0.42) return word();
  if (roll < 0.62) return `${word()} ${word()}`;
  if (roll < 0.7) return `${word()} ${word()} ${word()}`;
  if (roll < 0.77) return `"${pick(random, corpus.phrases)}"`;
  if (roll < 0.83) return `${word()} OR ${word()}${random() < 0.3 ? ` OR ${word()}` : ''}`;
  if (roll < 0.88) return `${word()} -${word()}`;
  if (roll < 0.92) return `${word()} department:"${pick(random, corpus.departments)}"`;
  if (roll < 0.95) return `${word()} speaker:${pick(random, corpus.members)}`;
  if (roll < 0.97)
    return random() < 0.5
      ? `member:${pick(random, corpus.members)}`
      : `department:"${pick(random, corpus.departments)}"`;
  return `(${word()} OR "${pick(random, corpus.phrases)}") ${word()} NOT "${pick(random, corpus.phrases)}"`;
}
