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

const answeredSample = loadSampleRecords()
  .map(normaliseQuestion)
  .filter((q) => q.answerHtml !== null && q.dateAnswered !== null);
const resultIds = (body: string) => [...body.matchAll(/<li><a href="\/questions\/(\d+)">/g)].map((m) => Number(m[1]));
const olderLink = (body: string) =>
  /<a href="(\/search\?q=[^"]*&amp;after=[^"]+)">Older →<\/a>/.exec(body)?.[1]?.replace(/&amp;/g, '&');

describe('GET /search', () => {
  it('pages through every match with keyset links, newest first, and counts them', async () => {
    const query = 'dentistry OR "mental health"'; // fewer than the 2,000 a search counts exactly
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
    const newestFirst = [...expected].sort(
      (a, b) => (b.dateAnswered ?? '').localeCompare(a.dateAnswered ?? '') || b.id - a.id,
    );
    expect(seen).toEqual(newestFirst.map((q) => q.id));
  });

  it('treats a malformed cursor as the first page', async () => {
    const first = await app.inject('/search?q=schools');
    const bad = await app.inject('/search?q=schools&after=yesterday');
    expect(bad.statusCode).toBe(200);
    expect(resultIds(bad.body)).toEqual(resultIds(first.body));
  });
});

// GET /tabled?q= over the same sample: the questions still waiting (unanswered or holding), searched with the same
// language, each result offering "Email me when this is answered".
const waitingSample = loadSampleRecords()
  .map(normaliseQuestion)
  .filter((q) => q.state === 'UNANSWERED' || q.state === 'HOLDING');
const waitingMatches = (query: string) =>
  waitingSample
    .filter((q) => matchesQuestion(parseQuery(query), matchableOf(q)))
    .sort((a, b) => b.dateTabled.localeCompare(a.dateTabled) || b.id - a.id)
    .map((q) => q.id);
const tabledIds = (body: string) => [...body.matchAll(/<h2><a href="\/questions\/(\d+)">/g)].map((m) => Number(m[1]));
const tabledOlder = (body: string) =>
  /<a href="(\/tabled\?q=[^"]*&amp;after=[^"]+)">Older →<\/a>/.exec(body)?.[1]?.replace(/&amp;/g, '&');

async function allTabledPages(query: string): Promise<{ ids: number[]; pages: string[] }> {
  const ids: number[] = [];
  const pages: string[] = [];
  let url: string | undefined = `/tabled?q=${encodeURIComponent(query)}`;
  while (url) {
    const response = await app.inject(url);
    expect(response.statusCode).toBe(200);
    pages.push(response.body);
    ids.push(...tabledIds(response.body));
    url = tabledOlder(response.body);
  }
  return { ids, pages };
}

describe('GET /tabled?q=', () => {
  it('pages through exactly the waiting questions the evaluator matches, most recently tabled first, each with the follow link', async () => {
    const expected = waitingMatches('health');
    expect(expected.length).toBeGreaterThan(40); // three pages
    const { ids, pages } = await allTabledPages('health');
    expect(ids).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / 20));
    expect(pages[0]).toContain(`<strong>${expected.length}</strong> questions waiting for an answer match`);
    expect(pages[1]).toContain('← Newest');
    for (const id of ids.slice(0, 20))
      expect(pages[0]).toContain(`href="/questions/${id}#follow">Email me when this is answered`);
    // Answered questions are not among them, though "health" matches many.
    const answered = new Set(
      answeredSample.filter((q) => q.state === 'ANSWERED' || q.state === 'CORRECTED').map((q) => q.id),
    );
    expect(ids.some((id) => answered.has(id))).toBe(false);
  });

  it('honours an exclusion and a department filter', async () => {
    const without = waitingMatches('health -hospitals');
    expect(without.length).toBeLessThan(waitingMatches('health').length);
    expect((await allTabledPages('health -hospitals')).ids).toEqual(without);
    const department = waitingMatches('department:"Department of Health and Social Care" -nhs');
    expect(department.length).toBeGreaterThan(20);
    expect(department.length).toBeLessThan(waitingMatches('department:"Department of Health and Social Care"').length);
    expect((await allTabledPages('department:"Department of Health and Social Care" -nhs')).ids).toEqual(department);
  });

  it('finds a question with a holding answer; /search offers following it too, but not answered ones', async () => {
    const holding = waitingSample.find((q) => q.state === 'HOLDING')!;
    expect((await allTabledPages('healthtech')).ids).toContain(holding.id);
    const search = await app.inject('/search?q=healthtech');
    expect(search.body).toContain(`href="/questions/${holding.id}#follow"`);
    const schools = await app.inject('/search?q=schools');
    expect(resultIds(schools.body).length).toBeGreaterThan(0);
    expect(schools.body).not.toContain('#follow"');
  });

  it('explains a malformed query or an unknown member instead of failing', async () => {
    const bad = await app.inject(`/tabled?q=${encodeURIComponent('health AND (schools')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('role="alert"');
    expect(bad.body).toMatch(/Problem at character \d+/);
    expect(bad.body).toContain('value="health AND (schools"'); // the box keeps what was typed
    const nobody = await app.inject(`/tabled?q=${encodeURIComponent('member:"Nobody Atall"')}`);
    expect(nobody.statusCode).toBe(400);
    expect(nobody.body).toContain('We know no member called');
  });

  it('without a query lists every question waiting, with a search box', async () => {
    const page = await app.inject('/tabled');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${waitingSample.length} written questions tabled and not yet answered`);
    expect(page.body).toContain('<form method="get" action="/tabled" role="search">');
    expect(tabledIds(page.body)).toHaveLength(50);
  });
});
