import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { indexSearchTerms, ingest, matchableOf } from '@alerts/ingest';
import {
  candidateFilter,
  evaluateQuery,
  prepareQuestion,
  validateQuery,
  type PreparedQuestion,
  type Query,
} from '@alerts/matching';
import { buildVocabulary, mulberry32, randomQuery, testSeed } from '@alerts/matching/testing';
import { loadSampleRecords, type QuestionSource } from '@alerts/sources';
import { countMatchingAnswers } from './count-matching-answers';
import { findMatchingAnswers } from './find-matching-answers';
import { readCandidates, type SearchScope } from './search-scope';
import { previewQuery } from './preview-query';
import { searchQuestions } from './search-questions';

// Search must agree exactly with the alert evaluator: PostgreSQL's full-text candidates must contain every true
// match, and what search returns (and counts) must be exactly the evaluator's matches. Checked on a few thousand
// real records: part of the bundled sample three times over, the copies altered (Lords, other answers, other departments,
// no heading) and moved in time, stored through ingest; a few then changed behind ingest's back (unindexed).
const COPIES = 3;
const DAY_MS = 24 * 3600 * 1000;
type Value = Record<string, unknown>;

function variants(): { kind: 'record'; record: unknown }[] {
  // Every question still waiting, and a sixth of the answered ones: all 11,000 three times over is a slow test that
  // checks nothing more.
  const samples = loadSampleRecords().filter((item, i) => item.value.dateAnswered === null || i % 6 === 0);
  return Array.from({ length: COPIES }, (_, copy) =>
    samples.map((item, i) => {
      if (copy === 0) return { kind: 'record' as const, record: item };
      const value: Value = {
        ...item.value,
        id: Number(item.value.id) + copy * 10_000_000,
        uin: `${String(item.value.uin)}-${copy}`,
      };
      const other = samples[(i + 7 * copy) % samples.length]?.value ?? {};
      const shift = (date: unknown) =>
        typeof date === 'string' ? new Date(Date.parse(date) - copy * 400 * DAY_MS).toISOString().slice(0, 19) : date;
      for (const key of ['dateTabled', 'dateAnswered', 'dateForAnswer', 'dateHoldingAnswer'])
        value[key] = shift(value[key]);
      if (i % 3 === copy - 1) value.house = 'Lords';
      if (i % 4 === 0) value.answerText = other.answerText;
      if (i % 5 === 0) {
        value.answeringBodyName = other.answeringBodyName;
        value.answeringBodyId = other.answeringBodyId;
      }
      if (i % 11 === 0) value.heading = null;
      return { kind: 'record' as const, record: { value } };
    }),
  ).flat();
}

let t: TestDatabase;
let prepared: PreparedQuestion[];
/** Questions still waiting (unanswered or holding): /tabled's search. Most have no answer text at all. */
let waiting: PreparedQuestion[];

beforeAll(async () => {
  t = await createTestDatabase();
  const items = variants();
  const source: QuestionSource = {
    name: 'sample',
    async *fetch() {
      yield* items;
    },
    knownMembers: async () => [],
  };
  const summary = await ingest({ db: t.db, source });
  expect(summary.created).toBeGreaterThan(3000);
  // Changed by another writer: the trigger makes these rows unindexed, and search must still find them.
  await t.db.$executeRaw`UPDATE "Question" SET heading = coalesce(heading, '') || ' Hedgehogs' WHERE id % 37 = 0`;
  const [unindexed] = await t.db.$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM "Question" WHERE "searchTerms" IS NULL`;
  expect(unindexed?.n).toBeGreaterThan(50);
  const rows = await t.db.$queryRaw<Parameters<typeof matchableOf>[0][]>`
    SELECT id, heading, "questionText", "answerHtml", house::text AS house, "askingMemberId", "answeringMemberId", "answeringBodyName"
    FROM "Question" WHERE "answerHtml" IS NOT NULL AND "dateAnswered" IS NOT NULL`;
  prepared = rows.map((row) => prepareQuestion(matchableOf(row)));
  const waitingRows = await t.db.$queryRaw<Parameters<typeof matchableOf>[0][]>`
    SELECT id, heading, "questionText", "answerHtml", house::text AS house, "askingMemberId", "answeringMemberId", "answeringBodyName"
    FROM "Question" WHERE state IN ('UNANSWERED', 'HOLDING')`;
  waiting = waitingRows.map((row) => prepareQuestion(matchableOf(row)));
  expect(waiting.filter((p) => p.question.answerText === null).length).toBeGreaterThan(800);
}, 120_000);
afterAll(async () => t?.drop());

function randomQueries(
  seed: number,
  count: number,
  from: () => PreparedQuestion[] = () => prepared,
): { text: string; query: Query }[] {
  const random = mulberry32(seed);
  const vocabulary = buildVocabulary(from().map((p) => p.question));
  const queries: { text: string; query: Query }[] = [];
  while (queries.length < count) {
    const text = randomQuery(random, vocabulary);
    const checked = validateQuery(text);
    if (checked.ok) queries.push({ text, query: checked.query });
  }
  return queries;
}

async function candidateIds(query: Query, scope: SearchScope = 'answers'): Promise<Set<number>> {
  const rows = await readCandidates(
    t.db,
    { tsquery: candidateFilter(query).tsquery, scope },
    { after: null, sort: true, limit: 1_000_000 },
  );
  return new Set(rows.map((row) => row.id));
}

async function allSearchResults(query: Query, scope: SearchScope = 'answers', take = 100): Promise<number[]> {
  const ids: number[] = [];
  let after = null;
  do {
    const page = await searchQuestions(t.db, query, { after, take, scope });
    ids.push(...page.results.map((result) => result.id));
    after = page.next;
  } while (after);
  return ids;
}

describe('search agrees with the alert evaluator on real records', () => {
  const seed = testSeed();

  it(`full-text candidates contain every match, and search returns exactly the matches (seed ${seed})`, async () => {
    let matchedQueries = 0;
    let candidateRows = 0;
    for (const { text, query } of randomQueries(seed, 250)) {
      const expected = prepared.filter((p) => evaluateQuery(query, p)).map((p) => p.question.id);
      const candidates = await candidateIds(query);
      const missed = expected.filter((id) => !candidates.has(id));
      if (missed.length)
        throw new Error(`seed ${seed}: ${JSON.stringify(text)} missed ${missed.slice(0, 5).join(', ')}`);
      candidateRows += candidates.size;

      const found = await allSearchResults(query);
      expect({ text, ids: [...found].sort((a, b) => a - b) }).toEqual({
        text,
        ids: [...expected].sort((a, b) => a - b),
      });
      const total = await countMatchingAnswers(t.db, query);
      if (total.bound === 'exact') expect({ text, count: total.count }).toEqual({ text, count: expected.length });
      else expect({ text, count: total.count }).toEqual({ text, count: expect.any(Number) });
      if (expected.length) matchedQueries++;
    }
    // A generator where nothing matched would prove nothing.
    expect(matchedQueries).toBeGreaterThan(100);
    // …and so would a filter that let everything through: on average it must discard most rows.
    expect(candidateRows / 250).toBeLessThan(prepared.length * 0.25);
  }, 300_000);

  it(`pages are newest first without gaps or repeats, and the preview counts the window exactly (seed ${seed})`, async () => {
    const byId = new Map(prepared.map((p) => [p.question.id, p]));
    for (const { text, query } of randomQueries(seed ^ 0x5eed, 40)) {
      const pages = await findMatchingAnswers(t.db, query, { take: 1_000_000 });
      const dates = pages.answers.map((answer) => [answer.dateAnswered?.getTime() ?? 0, answer.id] as const);
      const sorted = [...dates].sort((a, b) => b[0] - a[0] || b[1] - a[1]);
      expect({ text, dates }).toEqual({ text, dates: sorted });
      expect(pages.answers.every((answer) => byId.has(answer.id))).toBe(true);

      const preview = await previewQuery(t.db, query, {
        clock: { now: () => new Date('2030-01-01T00:00:00Z'), demo: null },
        days: 120,
      });
      const inWindow = pages.answers.filter(
        (a) => a.dateAnswered && a.dateAnswered >= preview.from && a.dateAnswered <= preview.to,
      );
      if (preview.matchedBound === 'exact')
        expect({ text, matched: preview.matched }).toEqual({ text, matched: inWindow.length });
      expect(preview.examples.map((e) => e.id)).toEqual(inWindow.slice(0, 5).map((a) => a.id));
    }
  }, 120_000);

  it(`questions still waiting (/tabled): candidates contain every match, and pages return exactly the matches (seed ${seed})`, async () => {
    let matchedQueries = 0;
    for (const { text, query } of randomQueries(seed ^ 0x7ab1ed, 80, () => waiting)) {
      const expected = waiting
        .filter((p) => evaluateQuery(query, p))
        .map((p) => p.question.id)
        .sort((a, b) => a - b);
      const candidates = await candidateIds(query, 'waiting');
      expect({ text, missed: expected.filter((id) => !candidates.has(id)) }).toEqual({ text, missed: [] });
      // Small pages, so that paging by tabled date (many questions share one) is exercised too.
      const found = await allSearchResults(query, 'waiting', 10);
      expect({ text, ids: [...found].sort((a, b) => a - b) }).toEqual({ text, ids: expected });
      const total = await countMatchingAnswers(t.db, query, { scope: 'waiting' });
      if (total.bound === 'exact') expect({ text, count: total.count }).toEqual({ text, count: expected.length });
      if (expected.length) matchedQueries++;
    }
    expect(matchedQueries).toBeGreaterThan(25);
  }, 120_000);

  it(`indexSearchTerms gives the unindexed rows their terms, and search still agrees (seed ${seed})`, async () => {
    const indexed = await indexSearchTerms(t.db, { batchSize: 40 });
    expect(indexed).toBeGreaterThan(50);
    const [left] = await t.db.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM "Question" WHERE "searchTerms" IS NULL`;
    expect(left?.n).toBe(0);
    expect(await indexSearchTerms(t.db)).toBe(0);
    for (const { text, query } of randomQueries(seed ^ 0xfeed, 60)) {
      const expected = prepared
        .filter((p) => evaluateQuery(query, p))
        .map((p) => p.question.id)
        .sort((a, b) => a - b);
      const candidates = await candidateIds(query);
      expect({ text, missed: expected.filter((id) => !candidates.has(id)) }).toEqual({ text, missed: [] });
      // Every row is indexed now, so an exact filter's candidates are exactly the matches.
      if (candidateFilter(query).exact)
        expect({ text, ids: [...candidates].sort((a, b) => a - b) }).toEqual({ text, ids: expected });
      expect({ text, ids: (await allSearchResults(query)).sort((a, b) => a - b) }).toEqual({ text, ids: expected });
    }
  }, 120_000);
});
