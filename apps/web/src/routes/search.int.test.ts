import { ingest, matchableOf } from '@alerts/ingest';
import { matchesQuestion, parseQuery } from '@alerts/matching';
import { createSampleSource, loadSampleRecords, normaliseQuestion } from '@alerts/sources';
import type { FastifyInstance } from 'fastify';
import { createTestContext, type TestContext } from '../../test/test-app';

// GET /search over the real sample stored through ingest: keyset pages through the "Older" link, each answer once,
// newest first, exactly the answers the alert evaluator matches, and the total it counts.
let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  await ingest({ db: ctx.db, source: createSampleSource() });
}, 60_000);
afterAll(() => ctx.close());

const answeredSample = loadSampleRecords().map(normaliseQuestion).filter((q) => q.answerHtml !== null && q.dateAnswered !== null);
const resultIds = (body: string) => [...body.matchAll(/<li><a href="\/questions\/(\d+)">/g)].map((m) => Number(m[1]));
const olderLink = (body: string) => /<a href="(\/search\?q=[^"]*&amp;after=[^"]+)">Older →<\/a>/.exec(body)?.[1]?.replace(/&amp;/g, '&');

describe('GET /search', () => {
  it('pages through every match with keyset links, newest first, and counts them', async () => {
    const query = 'schools OR health';
    const expected = answeredSample.filter((q) => matchesQuestion(parseQuery(query), matchableOf(q)));
    expect(expected.length).toBeGreaterThan(45); // at least three pages

    const seen: number[] = [];
    let url: string | undefined = `/search?q=${encodeURIComponent(query)}`;
    let pages = 0;
    while (url) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(200);
      if (pages === 0) expect(response.body).toContain(`<strong>${expected.length}</strong> found`);
      else expect(response.body).toContain('← Newest');
      const ids = resultIds(response.body.slice(response.body.indexOf('<h2>All matching answers, newest first</h2>')));
      expect(ids.length).toBeLessThanOrEqual(20);
      seen.push(...ids);
      url = olderLink(response.body);
      pages++;
    }
    expect(pages).toBe(Math.ceil(expected.length / 20));
    expect(new Set(seen).size).toBe(seen.length);
    const newestFirst = [...expected].sort((a, b) => (b.dateAnswered ?? '').localeCompare(a.dateAnswered ?? '') || b.id - a.id);
    expect(seen).toEqual(newestFirst.map((q) => q.id));
  });

  it('treats a malformed cursor as the first page', async () => {
    const first = await app.inject('/search?q=schools');
    const bad = await app.inject('/search?q=schools&after=yesterday');
    expect(bad.statusCode).toBe(200);
    expect(resultIds(bad.body)).toEqual(resultIds(first.body));
  });
});
