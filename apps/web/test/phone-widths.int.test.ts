import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ingest } from '@alerts/ingest';
import { loadSampleRecords, type QuestionSource } from '@alerts/sources';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { logInAsAdmin } from './admin-login';
import {
  DESKTOP,
  describeInChromium,
  launchChromium,
  PHONE,
  seriousAxeViolations,
  sidewaysOverflow,
} from './browser-checks';
import { createTestContext, type TestContext } from './test-app';

const SHOTS = path.resolve(__dirname, '../../../artifacts/screenshots/phone-widths');
/** A real answer of the bundled sample with an 11-column table of figures (Commons question 1726288). */
const TABLE_ANSWER = 1726288;

/**
 * The pages of issue #23's walk on a phone (390 px) and a desktop (1280 px), in Chromium: the admin audit log and
 * list of follows, whose cells hold long addresses and JSON, an answer's table of figures, and the about, privacy and
 * help pages. None may make the page scroll sideways or have a serious accessibility problem; an answer's table
 * scrolls inside its own box, its figures each on one line. Screenshots in artifacts/screenshots/phone-widths/.
 */
describeInChromium('pages at phone and desktop widths', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let address: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ctx = await createTestContext();
    const record = loadSampleRecords().find((r) => r.value.id === TABLE_ANSWER)!;
    const source: QuestionSource = {
      name: 'test',
      fetch: async function* () {
        yield { kind: 'record' as const, record };
      },
      knownMembers: async () => [],
    };
    await ingest({ db: ctx.db, source });
    app = await ctx.makeApp();
    address = await app.listen({ port: 0, host: '127.0.0.1' });
    const jar = await logInAsAdmin(app, ctx.db);
    // Audit entries as admin actions write them, with the longest cells they hold: ids, addresses, reasons.
    const admin = await ctx.db.adminUser.findFirstOrThrow();
    for (let i = 0; i < 5; i++) {
      await ctx.db.auditLog.create({
        data: {
          adminUserId: admin.id,
          action: 'suppression.remove',
          targetType: 'suppression',
          targetId: `a-very-long-address-number-${i}@subdomain.example-organisation.org.uk`,
          detail: {
            reason: 'SOFT_BOUNCES',
            email: `a-very-long-address-number-${i}@subdomain.example-organisation.org.uk`,
            note: 'lifted after the mailbox owner wrote to say the mailbox had been full while on leave',
          },
        },
      });
    }
    await rm(SHOTS, { recursive: true, force: true });
    await mkdir(SHOTS, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE });
    await context.route('**/*', (route) =>
      route.request().url().startsWith(address) ? route.continue() : route.abort(),
    );
    await context.addCookies(Object.entries(jar).map(([name, value]) => ({ name, value, url: `${address}/admin` })));
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** The page at both widths: no sideways scrolling of the page, no serious accessibility problem, a screenshot each. */
  const atBothWidths = async (name: string, url: string) => {
    const overflow: Record<string, number> = {};
    for (const [width, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.goto(`${address}${url}`);
      await page.screenshot({ path: path.join(SHOTS, `${name}.${width}.png`), fullPage: true });
      overflow[width] = await sidewaysOverflow(page);
    }
    expect({ name, overflow, violations: await seriousAxeViolations(page) }).toEqual({
      name,
      overflow: { desktop: 0, phone: 0 },
      violations: [],
    });
  };

  it('the audit log fits a phone: long cells wrap inside the table', async () => {
    await atBothWidths('admin-audit', '/admin/audit');
    // Every cell's text stays within its cell: the long address and JSON wrap.
    const spilling = await page.evaluate<number>(
      `[...document.querySelectorAll('main td')].filter((td) => td.scrollWidth > td.clientWidth + 1).length`,
    );
    expect(spilling).toBe(0);
  });

  it('the list of follows fits a phone', async () => {
    const question = await ctx.db.question.findUniqueOrThrow({ where: { id: TABLE_ANSWER } });
    const { id } = await ctx.db.subscriber.create({
      data: { email: 'a-very-long-address-for-following@subdomain.example-organisation.org.uk' },
    });
    await ctx.db.follow.create({ data: { subscriberId: id, questionId: question.id } });
    await atBothWidths('admin-follows', '/admin/follows');
  });

  it.each(['about', 'privacy', 'help'])('/%s fits a phone', async (name) => {
    await atBothWidths(name, `/${name}`);
  });

  it("an answer's table scrolls inside its own box on a phone, its figures each on one line", async () => {
    await atBothWidths('answer-table', `/questions/${TABLE_ANSWER}`);
    const box = page.locator('.answer .table-scroll').first();
    // Wider than the phone: it scrolls inside its box, not the page.
    await expect(
      box.evaluate((el: { scrollWidth: number; clientWidth: number }) => el.scrollWidth > el.clientWidth),
    ).resolves.toBe(true);
    const figures = await page.evaluate<{ cells: number; broken: string[] }>(`(() => {
      const cells = [...document.querySelectorAll('.answer td.num, .answer th.num')];
      // A text broken across lines has a box per line.
      const broken = (cell) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          if (node.textContent.trim() && range.getClientRects().length > 1) return true;
        }
        return false;
      };
      return { cells: cells.length, broken: cells.filter(broken).map((cell) => cell.textContent) };
    })()`);
    expect(figures.cells).toBeGreaterThan(20);
    expect(figures.broken).toEqual([]);
  });
});
