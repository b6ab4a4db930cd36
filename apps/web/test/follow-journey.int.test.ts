import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createDevMailboxTransport } from '@alerts/email';
import { deliverPlanned, type DeliveryDeps } from '@alerts/delivery';
import { createTestDeliverDeps } from '@alerts/delivery/testing';
import { runCycle } from '@alerts/demo';
import { createTokenSigner } from '@alerts/tokens';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { describeInChromium, launchChromium, screenshotBothWidths, seriousAxeViolations } from './browser-checks';
import { createTestContext, TEST_TOKEN_SECRET, type TestContext } from './test-app';

const SHOTS = path.resolve(__dirname, '../../../artifacts/screenshots/follow-journey');

/**
 * Following a question in headless Chromium against the real app on a real port: /tabled searched → the result's
 * "Email me when this is answered" → the question page's form, with "also tell me if it is not answered by its due
 * date" ticked → the confirmation email in the dev mailbox → confirm → the still-waiting note (the question is past
 * its due date) → the answer arrives and its email is sent → the manage page lists the follow → stop following.
 * Screenshots in artifacts/screenshots/follow-journey/ (the pages at 1280 and 390 px).
 */
describeInChromium('follow journey in a browser', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let address: string;
  let browser: Browser;
  let page: Page;
  let delivery: DeliveryDeps;

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  /** A page of ours: both widths, nothing scrolling sideways, no serious accessibility problem. */
  const pageShot = async (name: string) => {
    const { desktopOverflow, phoneOverflow } = await screenshotBothWidths(page, SHOTS, name);
    expect({ name, desktopOverflow, phoneOverflow, violations: await seriousAxeViolations(page) }).toEqual({
      name,
      desktopOverflow: 0,
      phoneOverflow: 0,
      violations: [],
    });
  };
  const sendQueuedEmails = async () => {
    for (const job of await ctx.queues.deliver.getJobs(['waiting', 'prioritized', 'delayed'])) {
      await deliverPlanned(delivery, job.data.deliveryId);
      await job.remove();
    }
  };
  const openNewestEmail = async (subject: RegExp) => {
    await page.goto(`${address}/dev/mailbox`);
    await page.locator('ul.mailbox li').getByRole('link', { name: subject }).first().click();
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    // A tabled question as the ingester stores one (the bundled sample's 1937695, UIN 26882).
    await ctx.db.question.create({
      data: {
        id: 1937695,
        uin: '26882',
        house: 'Commons',
        state: 'UNANSWERED',
        isNamedDay: true,
        questionText:
          'To ask the Secretary of State for Health and Social Care, if she intends double the number of medical school places.',
        dateTabled: new Date('2026-09-02T00:00:00Z'),
        dateForAnswer: new Date('2026-09-07T00:00:00Z'),
        askingMemberId: 4001,
        answeringBodyName: 'Department of Health and Social Care',
        raw: {},
        contentHash: 'h',
      },
    });
    app = await ctx.makeApp();
    address = await app.listen({ port: 0, host: '127.0.0.1' });
    delivery = await createTestDeliverDeps({
      db: ctx.db,
      databaseUrl: ctx.databaseUrl,
      transport: createDevMailboxTransport({ dir: ctx.mailboxDir }),
      config: { baseUrl: address, signer: createTokenSigner(TEST_TOKEN_SECRET) },
    });
    await mkdir(SHOTS, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.route('**/*', (route) =>
      route.request().url().startsWith(address) ? route.continue() : route.abort(),
    );
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await delivery?.close();
    await ctx?.close();
  });

  it('follows from the question page, confirms from the email, gets the answer, sees it on the manage page, unfollows', async () => {
    await page.goto(`${address}/tabled`);
    await page
      .getByRole('searchbox', { name: 'Search questions waiting for an answer' })
      .fill('"medical school" -nurses');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/tabled\?q=/);
    await pageShot('00-tabled-search');
    await page.getByRole('link', { name: /^Email me when this is answered \(Commons question 26882\)/ }).click();
    await page.waitForURL(/\/questions\/1937695#follow$/);
    await expect(page.locator('body').textContent()).resolves.toContain('named day');
    await page.fill('#follow-email', 'reader@example.org');
    await page.getByRole('checkbox', { name: 'Also tell me if it is not answered by its due date' }).check();
    await pageShot('01-tabled-question');
    await page.getByRole('button', { name: 'Email me when this is answered' }).click();
    await page.waitForURL(/\/follows\/check-email\?question=1937695$/);
    await shot('02-check-email');

    await sendQueuedEmails();
    await openNewestEmail(/confirm/i);
    await expect(page.locator('pre').textContent()).resolves.toContain('Commons question 26882');
    await shot('03-confirmation-email');
    await page.locator('a[href*="/confirm/"]').first().click();
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect(page.locator('.notice').textContent()).resolves.toContain('You are now following 1 question');

    // The manage page shows the choice made on the form, and can change it.
    await openNewestEmail(/confirm/i);
    await page.locator('a[href*="/manage/"]').first().click();
    await expect(page.getByRole('radio', { name: /^Yes, one "still waiting" email/ }).isChecked()).resolves.toBe(true);
    await pageShot('03a-manage-overdue-choice');

    // Due on 7 September 2026 and still unanswered: the next cycle sends the one still-waiting note, and no more.
    expect((await runCycle({ db: ctx.db, delivery, source: null, partitions: 1 })).sent).toBe(1);
    expect((await runCycle({ db: ctx.db, delivery, source: null, partitions: 1 })).sent).toBe(0);
    await openNewestEmail(/^Still waiting/);
    await expect(page.locator('pre').textContent()).resolves.toContain('overdue since 7 September 2026');
    await shot('03b-still-waiting-email');

    // The answer arrives (as the ingester stores it) and a cycle sends the follow email.
    await ctx.db.$transaction([
      ctx.db.question.update({
        where: { id: 1937695 },
        data: {
          state: 'ANSWERED',
          answerHtml: '<p>We will set out plans shortly.</p>',
          answerText: 'We will set out plans shortly.',
          dateAnswered: new Date(),
        },
      }),
      ctx.db.questionEvent.create({ data: { questionId: 1937695, kind: 'ANSWERED' } }),
    ]);
    const report = await runCycle({ db: ctx.db, delivery, source: null, partitions: 1 });
    expect(report.sent).toBe(1);
    await openNewestEmail(/^Answered/);
    await expect(page.locator('pre').textContent()).resolves.toContain('We will set out plans shortly.');
    await shot('04-answer-email');

    await page.locator('a[href*="/manage/"]').first().click();
    await expect(page.locator('#follows').textContent()).resolves.toBe('Questions you follow');
    await expect(page.locator('main').textContent()).resolves.toContain('We sent the "still waiting" email on');
    await pageShot('05-manage');
    await page.getByRole('button', { name: 'Stop following' }).click();
    await expect(page.locator('#follows').count()).resolves.toBe(0);
    expect(await ctx.db.follow.count()).toBe(0);
  }, 120_000);
});
