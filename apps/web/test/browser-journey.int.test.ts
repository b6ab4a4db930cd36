import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { createDevMailboxTransport } from '@alerts/email';
import { deliverPlanned, type DeliveryDeps } from '@alerts/delivery';
import { createTestDeliverDeps } from '@alerts/delivery/testing';
import { replayAsNew, runCycle } from '@alerts/demo';
import { addSubscription } from '@alerts/subscriptions';
import { createTokenSigner, hashPassword } from '@alerts/tokens';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  describeInChromium,
  launchChromium,
  PHONE,
  screenshotBothWidths,
  seriousAxeViolations,
  type AxeViolation,
} from './browser-checks';
import { createTestContext, seedQuestion, TEST_TOKEN_SECRET, type TestContext } from './test-app';

const SHOTS = path.resolve(__dirname, '../../../artifacts/screenshots/web-journey');

/**
 * The whole journey as a newcomer meets it, in headless Chromium against the real app on a real port: question
 * page → "Alert me about debates like this" → signup → confirmation email in the dev mailbox → confirm by clicking
 * inside the rendered email → a cycle → the alert email → search → a member alert by name → manage → one-click
 * unsubscribe; then an admin logs in. Every page gets axe-core (serious and critical violations fail the test) and
 * a screenshot at 1280 px and 390 px in artifacts/screenshots/web-journey/.
 */
describeInChromium('browser journey', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let address: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let delivery: DeliveryDeps;
  const problems: { page: string; violations?: AxeViolation[]; overflow?: number }[] = [];
  let shots = 0;

  /** Screenshot at both widths, axe, and no sideways scrolling on a phone, for the page as it is now. */
  const check = async (name: string, options: { axe?: boolean | 'email' } = {}) => {
    shots++;
    const { phoneOverflow } = await screenshotBothWidths(page, SHOTS, `${String(shots).padStart(2, '0')}-${name}`);
    if (phoneOverflow > 0) problems.push({ page: name, overflow: phoneOverflow });
    if (options.axe === 'email') {
      // The dev mailbox serves an email sandboxed without scripts, so axe reads a copy of it in a blank page.
      const copy = await context.newPage();
      await copy.setContent(await (await page.request.get(page.url())).text());
      const violations = await seriousAxeViolations(copy);
      await copy.close();
      if (violations.length) problems.push({ page: name, violations });
    } else if (options.axe !== false) {
      const violations = await seriousAxeViolations(page);
      if (violations.length) problems.push({ page: name, violations });
    }
  };
  /** What the mailer worker would do: send every queued email (the confirmation, the goodbye). */
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
  const h1 = () => page.locator('h1').first().textContent();

  beforeAll(async () => {
    ctx = await createTestContext();
    await seedQuestion(ctx.db);
    await seedQuestion(ctx.db, { id: 1_700_002, heading: 'Prisons: Drugs', answeringBodyName: 'Ministry of Justice' });
    // As the bundled sample holds many answers: only the list route's first 255 characters.
    await seedQuestion(ctx.db, {
      id: 1_700_004,
      heading: 'Wildlife: Crime',
      answeringBodyName: 'Home Office',
      dateAnswered: new Date('2026-11-05T00:00:00Z'),
      answerHtml:
        '<p>The Home Office funds the National Wildlife Crime Unit to help tackle these crimes. The National...</p>',
    });
    await seedQuestion(ctx.db, {
      id: 1_700_003,
      heading: 'Prisons: Staff',
      answeringBodyName: 'Ministry of Justice',
      answerHtml: '<p>I will reply to the hon. Member as soon as possible.</p>',
      holding: true,
    });
    app = await ctx.makeApp();
    address = await app.listen({ port: 0, host: '127.0.0.1' });
    delivery = await createTestDeliverDeps({
      db: ctx.db,
      databaseUrl: ctx.databaseUrl,
      transport: createDevMailboxTransport({ dir: ctx.mailboxDir }),
      config: { baseUrl: address, signer: createTokenSigner(TEST_TOKEN_SECRET) },
      maxCardsPerAlert: 1,
    });
    await rm(SHOTS, { recursive: true, force: true });
    await mkdir(SHOTS, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE });
    // Only our own server: Bull Board's web fonts and anything else external are refused, so nothing waits on the network.
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

  it('has an accessibility check that does fail (an unlabelled field, an image without alt text)', async () => {
    const bad = await context.newPage();
    await bad.setContent(
      '<!doctype html><html lang="en"><title>x</title><main><img src="data:,"><input type="text"></main></html>',
    );
    expect((await seriousAxeViolations(bad)).map((v) => v.id).sort()).toEqual(['image-alt', 'label']);
    await bad.close();
  });

  it('walks from a question page to an alert, search, a member alert, manage and unsubscribe; an admin logs in', async () => {
    // The home page and recent answers: a holding answer is labelled as one.
    await page.goto(address);
    await expect(page.locator('link[rel=icon]').getAttribute('href')).resolves.toBe('/favicon.svg');
    expect((await page.request.get(`${address}/favicon.ico`)).headers()['content-type']).toContain('image/svg+xml');
    await check('home');
    await page.goto(`${address}/answers`);
    await expect(page.locator('li', { hasText: 'Prisons: Staff' }).locator('.tag').textContent()).resolves.toBe(
      'Holding answer',
    );
    await check('recent-answers');
    await page.goto(`${address}/questions/1700003`);
    await expect(page.locator('.notice.holding').textContent()).resolves.toContain('will answer in full later');
    await check('holding-answer');
    await page.goto(`${address}/questions/1700004`);
    await expect(page.locator('.answer .notice').textContent()).resolves.toContain(
      'We hold only the start of this answer.',
    );
    await expect(page.locator('.answer .notice a').getAttribute('href')).resolves.toMatch(
      /^https:\/\/questions-statements\.parliament\.uk\/written-questions\/detail\//,
    );
    await check('shortened-answer');

    // A visitor reads a written answer and asks for alerts like it.
    await page.goto(`${address}/questions/1700001`);
    await expect(h1()).resolves.toBe('Schools: Mental Health Services');
    await expect(page.locator('.question .meta').textContent()).resolves.toContain(
      'Asked by Jane Example (Labour, Commons)',
    );
    await check('question');
    await page.getByRole('link', { name: 'Alert me about debates like this' }).click();
    await page.waitForURL(/\/alerts\/new\?question=1700001$/);
    // Two or three suggestions from the question's distinctive words, each with its 30-day count; the first that
    // finds anything is in the box, and the description and preview follow every change.
    const suggestions = page.locator('a.suggestion');
    expect(await suggestions.count()).toBeGreaterThanOrEqual(2);
    expect(await suggestions.count()).toBeLessThanOrEqual(3);
    for (const text of await suggestions.locator('.count').allTextContents())
      expect(text).toMatch(/^\d+ answers? in the last 30 days$/);
    const chosen = await page.locator('a.suggestion[aria-current=true]').getAttribute('data-query');
    await expect(page.locator('#query').inputValue()).resolves.toBe(chosen);
    await expect(page.locator('button.primary').textContent()).resolves.toBe('Create alert');
    const second = suggestions.nth(1);
    const secondQuery = (await second.getAttribute('data-query'))!;
    await second.click();
    await expect(page.locator('#query').inputValue()).resolves.toBe(secondQuery);
    await page.check('input[name=department]');
    await page.locator('#query-description').filter({ hasText: 'from the Department for Education' }).waitFor();
    await page.locator('#preview-summary').filter({ hasText: 'Over the last 30 days' }).waitFor();
    await page.uncheck('input[name=department]');
    await page.locator('#query-description', { hasNotText: 'from the Department' }).waitFor();
    // Typing updates the description too; a broad query here, so the alert email has more than its one card.
    await page.fill('#query', 'schools OR prisons');
    await page.locator('#query-description').filter({ hasText: 'mentioning "schools" or "prisons"' }).waitFor();
    // "Also tell me when such a question is asked" names questions too; unticked again, answers only.
    await page.check('input[name=includeTabled]');
    await page
      .locator('#query-description')
      .filter({ hasText: 'questions and answers mentioning "schools" or "prisons"' })
      .waitFor();
    await page.uncheck('input[name=includeTabled]');
    await page.locator('#query-description', { hasNotText: 'questions and answers' }).waitFor();
    await page.fill('#email', 'reader@example.org');
    await page.check('input[name=frequency][value=IMMEDIATE]');
    await check('signup');
    await page.getByRole('button', { name: 'Create alert' }).click();
    await page.waitForURL(/\/alerts\/check-email$/);
    await check('check-email');

    // The confirmation email, read in the dev mailbox; the button inside the rendered email confirms.
    await sendQueuedEmails();
    await page.goto(`${address}/dev/mailbox`);
    await check('mailbox');
    await openNewestEmail(/confirm/i);
    await check('confirmation-email-text');
    await page.getByRole('link', { name: 'View the HTML version' }).click();
    await check('confirmation-email', { axe: 'email' });
    const [confirmTab] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: /Confirm and start alerts/ }).click(),
    ]);
    await confirmTab.waitForLoadState();
    page = confirmTab;
    await expect(h1()).resolves.toBe('Confirm your email address');
    await check('confirm');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect(h1()).resolves.toBe('Confirmed');
    await check('confirmed');

    // A cycle: the question becomes news, matches the alert, and the email is sent.
    await replayAsNew(ctx.db, 10);
    const report = await runCycle({ db: ctx.db, delivery, source: null, partitions: 1, flush: true });
    // The whole report on failure: a delivery that threw shows here with its error, not as "0 sent".
    expect({ failed: report.failed, matchesInserted: report.matchesInserted > 0 }).toEqual({
      failed: [],
      matchesInserted: true,
    });
    expect(report.sent).toBeGreaterThanOrEqual(1);
    await openNewestEmail(/\bnew answers?\b/i);
    await expect(page.locator('pre').textContent()).resolves.toContain('mentioning "schools" or "prisons"');
    await check('alert-email-text');
    await expect(page.locator('pre').textContent()).resolves.toMatch(/\nQuestion: To ask[^]*\nAnswer: /);
    await page.getByRole('link', { name: 'View the HTML version' }).click();
    await check('alert-email', { axe: 'email' });
    // "See all N on the web" opens every answer the email brought for that alert.
    const moreLink = page.getByRole('link', { name: /^See all \d+ for .+ on the web$/ });
    const more = Number((await moreLink.textContent())!.match(/See all (\d+)/)![1]);
    // A link without target="_blank" opens in the same tab: it must load there too.
    await moreLink.click();
    await page.waitForURL(/\/more\?/);
    await expect(h1()).resolves.toBe(`${more} ${more === 1 ? 'answer' : 'answers'} from your alert`);
    expect(await page.locator('ul.results li').count()).toBe(more);
    await check('see-more');

    // Search: matched words marked in a labelled snippet; the total and the 30-day preview labelled apart.
    await page.goto(`${address}/search`);
    await page.fill('#q', '"mental health"');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.locator('.snippet mark').first().textContent()).resolves.toBe('mental health');
    const schools = page.locator('ul.results li', { hasText: 'Schools: Mental Health Services' }).last();
    await expect(schools.locator('.snippet .part').textContent()).resolves.toBe('Answer:');
    const prisons = page.locator('ul.results li', { hasText: 'Prisons: Staff' }).last();
    await expect(prisons.locator('.snippet .part').textContent()).resolves.toBe('Question:'); // its answer lacks the words
    await expect(page.locator('p.found').textContent()).resolves.toMatch(/found among all the answers we hold/);
    await expect(page.locator('#preview-summary').textContent()).resolves.toMatch(/^Over the last 30 days/);
    await check('search');
    await page.fill('#q', 'department:"Department for Educaton"');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.locator('.error').textContent()).resolves.toContain('department:"Department for Education"');
    await check('search-unknown-department');

    // A member alert by name: the typeahead finds the member, whose page offers the alert.
    await page.goto(`${address}/members`);
    await check('members');
    await page.fill('#member-q', 'exam');
    await page.locator('#member-suggestions a', { hasText: 'Jane Example' }).click();
    await page.waitForURL(/\/members\/4001$/);
    await check('member');
    await page.getByRole('link', { name: /Email me when Jane Example asks or answers/ }).click();
    await expect(page.locator('#query').inputValue()).resolves.toBe('member:"Jane Example"');
    await expect(page.locator('#query-description').textContent()).resolves.toContain(
      'asked or answered by Jane Example',
    );
    await page.fill('#email', 'reader@example.org');
    await page.getByRole('button', { name: 'Create alert' }).click();
    await page.waitForURL(/\/alerts\/check-email$/);
    expect((await ctx.db.subscription.findFirstOrThrow({ where: { query: 'member:4001' } })).confirmedAt).toBeNull();
    await sendQueuedEmails();

    // Manage: every action redirects (reload repeats nothing), deleting asks first, the edit form explains itself.
    await openNewestEmail(/confirm/i);
    await page.locator('ul.links a[href*="/confirm/"]').first().click();
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByRole('link', { name: 'Manage your alerts' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('asked or answered by Jane Example');
    await check('manage');
    const memberAlert = page.locator('section', { hasText: 'asked or answered by Jane Example' });
    await memberAlert.getByRole('button', { name: 'Pause' }).click();
    await page.waitForURL(/\?done=paused$/);
    await expect(page.locator('.notice').textContent()).resolves.toContain('Alert paused.');
    await page.reload();
    // After the reload the alert still shows as paused: its button now offers to resume it.
    await expect(
      page
        .locator('section', { hasText: 'asked or answered by Jane Example' })
        .getByRole('button', { name: 'Resume' })
        .count(),
    ).resolves.toBe(1);
    await page
      .locator('section', { hasText: 'asked or answered by Jane Example' })
      .getByRole('link', { name: 'Edit' })
      .click();
    await expect(page.locator('#query-help').textContent()).resolves.toContain('Words match by stem');
    await expect(page.locator('#query-description').textContent()).resolves.toContain('Jane Example');
    await expect(page.locator('#query').inputValue()).resolves.toBe('member:"Jane Example"'); // stored as member:4001
    await check('edit-alert');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page
      .locator('section', { hasText: 'asked or answered by Jane Example' })
      .getByRole('link', { name: 'Delete' })
      .click();
    await expect(h1()).resolves.toBe('Delete this alert?');
    await check('delete-alert');
    await page.getByRole('link', { name: 'No, keep it' }).click();
    expect(await ctx.db.subscription.count({ where: { query: 'member:4001' } })).toBe(1);

    // One click to unsubscribe: the link shows a button, the button POSTs.
    await openNewestEmail(/\bnew answers?\b/i);
    await page.locator('ul.links a[href*="/unsubscribe/"]').first().click();
    await check('unsubscribe');
    await page.getByRole('button', { name: 'Unsubscribe from all alerts' }).click();
    await expect(h1()).resolves.toBe('You are unsubscribed');
    await check('unsubscribed');
    expect(await ctx.db.subscriber.count({ where: { email: 'reader@example.org' } })).toBe(0);

    // An admin: /admin without a session sends the visitor to the login form.
    await addSubscription(ctx.db, {
      email: 'other.reader@example.org',
      query: 'prisons',
      frequency: 'DAILY',
      confirmed: true,
    });
    await ctx.db.adminUser.create({
      data: { email: 'admin@example.org', passwordHash: await hashPassword('correct horse battery staple') },
    });
    await page.goto(`${address}/admin/queues`);
    await page.waitForURL(/\/admin\/login$/);
    await page.goto(`${address}/admin`);
    await page.waitForURL(/\/admin\/login$/);
    await check('admin-login');
    await page.fill('#email', 'admin@example.org');
    await page.fill('#password', 'correct horse battery staple');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/admin$/);
    await expect(page.locator('main').textContent()).resolves.not.toMatch(
      /\b(IMMEDIATE|DAILY|WEEKLY|PENDING|ACTIVE)\b/,
    );
    await check('admin-dashboard');
    await page.goto(`${address}/admin/subscriptions`);
    await page.fill('#q', 'other.reader');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('button', { name: 'Disable' }).click();
    await expect(page.locator('tbody').textContent()).resolves.toContain('disabled');
    await check('admin-subscriptions');
    const disabled = await ctx.db.subscription.findFirstOrThrow({
      where: { subscriber: { email: 'other.reader@example.org' } },
    });
    expect(disabled.disabledAt).not.toBeNull();
    await page.goto(`${address}/admin/audit`);
    await expect(page.locator('tbody').textContent()).resolves.toContain('subscription.disable');
    await check('admin-audit');

    // The queue dashboard (Bull Board, a third-party React app) renders our queues.
    await page.goto(`${address}/admin/queues`);
    await page.getByText('alerts-deliver').first().waitFor({ timeout: 20_000 });
    await check('admin-queues', { axe: false });

    expect(problems).toEqual([]);
  }, 180_000);
});
