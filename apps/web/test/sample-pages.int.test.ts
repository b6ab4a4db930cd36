import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ingest } from '@alerts/ingest';
import { createSource } from '@alerts/sources';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import {
  describeInChromium,
  launchChromium,
  PHONE,
  screenshotBothWidths,
  seriousAxeViolations,
} from './browser-checks';
import { createTestContext, type TestContext } from './test-app';

const SHOTS = path.resolve(__dirname, '../../../artifacts/screenshots/web-sample');

/**
 * The pages a newcomer meets after `npm start` with the bundled sample (real Parliament data): names where the data
 * has them, the Operation Mosswood question's suggestions, an answer held only in shortened form, members, search.
 * Screenshots in artifacts/screenshots/web-sample/.
 */
describeInChromium('pages over the bundled sample', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let address: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ctx = await createTestContext();
    await ingest({ db: ctx.db, source: createSource('sample', {}) });
    app = await ctx.makeApp();
    address = await app.listen({ port: 0, host: '127.0.0.1' });
    await rm(SHOTS, { recursive: true, force: true });
    await mkdir(SHOTS, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: PHONE });
    await context.route('**/*', (route) =>
      route.request().url().startsWith(address) ? route.continue() : route.abort(),
    );
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  const visit = async (name: string, url: string) => {
    await page.goto(`${address}${url}`);
    const { phoneOverflow } = await screenshotBothWidths(page, SHOTS, name);
    expect({ name, phoneOverflow, violations: await seriousAxeViolations(page) }).toEqual({
      name,
      phoneOverflow: 0,
      violations: [],
    });
  };

  it('names the asking member, suggests distinctive queries, and says when an answer is shortened', async () => {
    // Jeremy Corbyn's question about 'Operation Mosswood' (Home Office: Departmental Responsibilities).
    await visit('question-mosswood', '/questions/1922919');
    await expect(page.locator('.question .meta').textContent()).resolves.toContain('Asked by Jeremy Corbyn');
    await expect(page.locator('.answer .meta').textContent()).resolves.toContain('Alex Norris (Labour, Commons)');
    await visit('signup-mosswood', '/alerts/new?question=1922919');
    await expect(page.locator('#query').inputValue()).resolves.not.toBe('"Home Office"');
    await expect(page.locator('a.suggestion code').allTextContents()).resolves.toContain('"operation mosswood"');

    // A list-route record: its answer is only the first 255 characters, and says so with a link to the rest.
    const shortened = await ctx.db.question.findFirstOrThrow({
      where: { answerText: { endsWith: '[text cut; read the full answer on parliament.uk]' } },
      orderBy: { id: 'asc' },
    });
    await visit('question-shortened', `/questions/${shortened.id}`);
    const onParliament = `https://questions-statements.parliament.uk/written-questions/detail/${shortened.dateTabled.toISOString().slice(0, 10)}/${shortened.uin}`;
    await expect(
      page
        .locator('.answer')
        .getByRole('link', { name: '[text cut; read the full answer on parliament.uk]' })
        .getAttribute('href'),
    ).resolves.toBe(onParliament);
    await expect(page.locator('main').textContent()).resolves.not.toMatch(/Member \d+/);
    // A tabled question whose text the list cut at 255 characters: the text says so, linking to the rest.
    const cutQuestion = await ctx.db.question.findFirstOrThrow({
      where: { questionText: { contains: '[text cut; read the full question' } },
      orderBy: { id: 'asc' },
    });
    await visit('question-cut-text', `/questions/${cutQuestion.id}`);
    await expect(
      page
        .locator('.question')
        .getByRole('link', { name: '[text cut; read the full question on parliament.uk]' })
        .getAttribute('href'),
    ).resolves.toMatch(/^https:\/\/questions-statements\.parliament\.uk\/written-questions\/detail\//);

    await visit('members', '/members');
    await visit('member-corbyn', '/members/185');
    await visit(
      'search-real',
      `/search?q=${encodeURIComponent('"mental health" department:"Department of Health and Social Care"')}`,
    );
    await visit('home-real', '/');
  }, 120_000);

  it('searches the questions still waiting on /tabled, each result offering the follow; a bad query is explained', async () => {
    await visit('tabled', '/tabled');
    await visit('tabled-search', `/tabled?q=${encodeURIComponent('health -hospitals')}`);
    await expect(page.locator('p.found').textContent()).resolves.toMatch(/^\d+ questions waiting for an answer match/);
    const links = page.getByRole('link', { name: /^Email me when this is answered \(/ });
    await expect(links.count()).resolves.toBe(20);
    await visit('tabled-search-bad', `/tabled?q=${encodeURIComponent('health AND (schools')}`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/Problem at character/);
    // A holding answer found by /search offers the follow too; its link lands on the question's form.
    await visit('search-holding', '/search?q=healthtech');
    await page.getByRole('link', { name: /^Email me when this is answered \(Healthtech/ }).click();
    await page.waitForURL(/\/questions\/1919120#follow$/);
    await expect(
      page
        .locator('#follow')
        .getByRole('checkbox', { name: 'Also tell me if it is not answered by its due date' })
        .isChecked(),
    ).resolves.toBe(false);
  }, 120_000);
});
