import { loadAllRecords } from '../test/real-records';
import { mulberry32, testSeed } from '../test/mulberry32';
import { buildVocabulary, randomQuery } from '../test/random-queries';
import { evaluateQuery } from './evaluate-query';
import type { MatchableQuestion } from './matchable-question';
import { prepareQuestion } from './prepare-question';
import type { Query } from './query';
import type { SubscriptionId } from './subscription-id';
import { SubscriptionIndex } from './subscription-index';
import { validateQuery } from './validate-query';

// Real records, deduplicated by id, with some turned into Lords questions and some with null fields so that every
// filter and the null handling are exercised.
function questions(): MatchableQuestion[] {
  const byId = new Map(loadAllRecords().map((record) => [record.id, record]));
  return [...byId.values()].map((record, i) => {
    if (i % 9 === 0) return { ...record, house: 'Lords' };
    if (i % 13 === 0) return { ...record, heading: null, answerText: null, answeringMemberId: null };
    if (i % 17 === 0) return { ...record, questionText: null, house: null, answeringBodyName: null };
    return record;
  });
}

/**
 * How many random alerts the comparisons run over: MATCHING_PROPERTY_SUBSCRIPTIONS, 3,000 by default (`npm test`,
 * about 20 s on 2 cores, as the evaluator checks every alert against every record); `npm run test:unit` runs 600.
 * A failure prints its seed: replay it at full size with SEED=….
 */
function subscriptionCount(): number {
  const fromEnv = Number(process.env.MATCHING_PROPERTY_SUBSCRIPTIONS);
  return Number.isInteger(fromEnv) && fromEnv >= 100 ? fromEnv : 3000;
}

const SUBSCRIPTIONS = subscriptionCount();
const QUESTIONS = questions();
const PREPARED = QUESTIONS.map(prepareQuestion);
const key = (subscriptionId: SubscriptionId, questionId: number) =>
  `${typeof subscriptionId}:${subscriptionId}|${questionId}`;

// The oracle: every query against every question with the direct evaluator.
function naivePairs(subscriptions: Map<SubscriptionId, Query>): Set<string> {
  const pairs = new Set<string>();
  for (const [id, query] of subscriptions) {
    for (const prepared of PREPARED) if (evaluateQuery(query, prepared)) pairs.add(key(id, prepared.question.id));
  }
  return pairs;
}

function indexPairs(index: SubscriptionIndex): Set<string> {
  const found = index.match(QUESTIONS).map((m) => key(m.subscriptionId, m.questionId));
  const pairs = new Set(found);
  expect(pairs.size).toBe(found.length); // no pair reported twice
  return pairs;
}

function randomSubscriptions(random: () => number, count: number): Map<SubscriptionId, Query> {
  const vocabulary = buildVocabulary(QUESTIONS);
  const subscriptions = new Map<SubscriptionId, Query>();
  const texts: string[] = [];
  while (subscriptions.size < count) {
    // A fifth reuse an earlier query text, as many real subscribers share one.
    const text =
      texts.length > 0 && random() < 0.2
        ? (texts[Math.floor(random() * texts.length)] as string)
        : randomQuery(random, vocabulary);
    const result = validateQuery(text);
    if (!result.ok) continue;
    texts.push(text);
    const id = random() < 0.5 ? subscriptions.size : `sub-${subscriptions.size}`;
    subscriptions.set(id, result.query);
  }
  return subscriptions;
}

function expectSamePairs(actual: Set<string>, expected: Set<string>, seed: number): void {
  const missing = [...expected].filter((pair) => !actual.has(pair)).slice(0, 5);
  const extra = [...actual].filter((pair) => !expected.has(pair)).slice(0, 5);
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `seed ${seed}: index and evaluator disagree; missing ${missing.join(' ')}; extra ${extra.join(' ')}`,
    );
  }
}

describe('SubscriptionIndex agrees with matchesQuestion on real records', () => {
  const seed = testSeed();

  it(`gives exactly the naive pairs for ${SUBSCRIPTIONS} random queries (seed ${seed})`, () => {
    const random = mulberry32(seed);
    const subscriptions = randomSubscriptions(random, SUBSCRIPTIONS);
    const expected = naivePairs(subscriptions);
    // Both a sample-tuned and a default-cost index: anchor choice must never change results.
    const entries = [...subscriptions].map(([id, query]) => ({ id, query }));
    const tuned = SubscriptionIndex.build(entries, { sample: QUESTIONS.slice(0, 300) });
    const plain = SubscriptionIndex.build(entries);
    expectSamePairs(indexPairs(tuned), expected, seed);
    expectSamePairs(indexPairs(plain), expected, seed);
    expect(tuned.size).toBe(SUBSCRIPTIONS);
    expect(tuned.distinctQueries).toBeLessThan(SUBSCRIPTIONS);
    // A degenerate generator (nothing or everything matching) would make the comparison meaningless.
    expect(expected.size).toBeGreaterThan(SUBSCRIPTIONS * 3);
    expect(expected.size).toBeLessThan(SUBSCRIPTIONS * QUESTIONS.length * 0.5);
  });

  it(`stays equivalent through incremental add, replace and remove (seed ${seed})`, () => {
    const random = mulberry32(seed ^ 0x5eed);
    const size = Math.round(SUBSCRIPTIONS * 0.4); // 1,200 at full size
    const pool = [...randomSubscriptions(random, size)];
    const index = new SubscriptionIndex({ sample: QUESTIONS.slice(0, 200) });
    const live = new Map<SubscriptionId, Query>();
    const check = () => expectSamePairs(indexPairs(index), naivePairs(live), seed);
    const add = (id: SubscriptionId, query: Query) => {
      index.add(id, query);
      live.set(id, query);
    };

    for (const [id, query] of pool.slice(0, size / 2)) add(id, query);
    check();
    // Match once, then add more: new terms must be visible to later batches.
    for (const [id, query] of pool.slice(size / 2)) add(id, query);
    check();
    // Remove most (enough to trigger compaction), replace a few ids with other queries.
    const ids = [...live.keys()];
    for (const id of ids) {
      if (random() < 0.7) {
        expect(index.remove(id)).toBe(true);
        live.delete(id);
      }
    }
    expect(index.remove('never-added')).toBe(false);
    const survivors = [...live.keys()];
    for (let i = 0; i < size / 20; i += 1) {
      const id = survivors[i] as SubscriptionId;
      const query = (pool[pool.length - 1 - i] as [SubscriptionId, Query])[1];
      index.add(id, query);
      live.set(id, query);
    }
    expect(index.size).toBe(live.size);
    check();
    // Re-add removed ones: dead entries must not come back twice.
    for (const [id, query] of pool.slice(0, size / 6)) add(id, query);
    check();
  });
});
