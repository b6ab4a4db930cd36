import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv, pipelineEnvShape } from '@alerts/config';
import { createDevMailboxTransport } from '@alerts/email';
import { addSubscription, createDeliveryDeps, deliver, replayAsNew, runCycle, type DeliveryDeps } from '@alerts/pipeline';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { z } from 'zod';
import { hashPassword } from '@alerts/tokens';
import { createTestContext, seedQuestion, TEST_TOKEN_SECRET, type TestContext } from './test-app';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve(__dirname, '../../../artifacts/screenshots/web-journey');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stderr.write(`web browser journey skipped: ${CHROMIUM} is missing (apt-get install -y chromium)\n`);

/**
 * The whole journey as a newcomer meets it, in headless Chromium against the real app on a real port: question
 * page → "Alert me about debates like this" → signup → confirmation email in the dev mailbox → confirm → a cycle
 * → the alert email → one-click unsubscribe; then an admin logs in, disables a subscription, sees it in the audit
 * log, and opens the queue dashboard. Screenshots land in artifacts/screenshots/web-journey/.
 */
(haveChromium ? describe : describe.skip)('browser journey', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let address: string;
  let browser: Browser;
  let page: Page;
  let delivery: DeliveryDeps;

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  /** What the mailer worker would do: send every queued email (the confirmation, the goodbye). */
  const sendQueuedEmails = async () => {
    for (const job of await ctx.queues.deliver.getJobs(['waiting', 'prioritized', 'delayed'])) {
      await deliver(delivery, job.data, job.id!);
      await job.remove();
    }
  };
  const openNewestEmail = async (subject: RegExp) => {
    await page.goto(`${address}/dev/mailbox`);
    await page.locator('tbody tr').first().getByRole('link').filter({ hasText: subject }).click();
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    await seedQuestion(ctx.db);
    await seedQuestion(ctx.db, { id: 1_700_002, heading: 'Prisons: Drugs', answeringBodyName: 'Ministry of Justice' });
    app = await ctx.makeApp();
    address = await app.listen({ port: 0, host: '127.0.0.1' });
    const env = parseEnv(z.object(pipelineEnvShape), { NODE_ENV: 'test', DATABASE_URL: ctx.databaseUrl, PUBLIC_BASE_URL: address, TOKEN_SECRET: TEST_TOKEN_SECRET, DEV_MAILBOX_DIR: ctx.mailboxDir });
    delivery = await createDeliveryDeps(ctx.db, env, { transport: createDevMailboxTransport({ dir: ctx.mailboxDir }) });
    await mkdir(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    // Only our own server: Bull Board's web fonts and anything else external are refused, so nothing waits on the network.
    await context.route('**/*', (route) => (route.request().url().startsWith(address) ? route.continue() : route.abort()));
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await delivery?.close();
    await ctx?.close();
  });

  it('signs up, confirms, receives an alert, unsubscribes; an admin disables a subscription', async () => {
    // A visitor reads a written answer and asks for alerts like it.
    await page.goto(`${address}/questions/1700001`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Schools: Mental Health Services');
    await shot('01-question');
    await page.getByRole('link', { name: 'Alert me about debates like this' }).click();
    await page.waitForURL(/\/alerts\/new\?question=1700001$/);
    await expect(page.locator('#query').inputValue()).resolves.toBe('schools "Mental Health Services"');
    await page.fill('#email', 'reader@example.org');
    await page.check('input[name=frequency][value=IMMEDIATE]');
    await shot('02-signup');
    await page.getByRole('button', { name: 'Create alert' }).click();
    await page.waitForURL(/\/alerts\/check-email$/);
    await shot('03-check-email');

    // The confirmation email, read in the dev mailbox; its link confirms.
    await sendQueuedEmails();
    await openNewestEmail(/confirm/i);
    await shot('04-confirmation-email');
    await page.locator('a[href*="/confirm/"]').first().click();
    await page.getByRole('button', { name: 'Confirm my alerts' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Your alerts are confirmed');
    await shot('05-confirmed');

    // A cycle: the question becomes news, matches the alert, and the email is sent.
    await replayAsNew(ctx.db, 10);
    const report = await runCycle({ db: ctx.db, delivery, source: null, partitions: 1, flush: true });
    expect(report.sent).toBeGreaterThanOrEqual(1);
    await page.goto(`${address}/dev/mailbox`);
    await page.locator('tbody tr').first().getByRole('link').click();
    await expect(page.locator('pre').textContent()).resolves.toContain('Schools: Mental Health Services');
    await shot('06-alert-email');
    await page.getByRole('link', { name: 'View the HTML version' }).click();
    await shot('07-alert-email-html');
    await page.goBack();

    // One click to unsubscribe: the link shows a button, the button POSTs.
    await page.locator('a[href*="/unsubscribe/"]').first().click();
    await page.getByRole('button', { name: 'Unsubscribe from all alerts' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('You are unsubscribed');
    await shot('08-unsubscribed');
    expect(await ctx.db.subscriber.count({ where: { email: 'reader@example.org' } })).toBe(0);

    // An admin finds another visitor's subscription and disables it.
    await addSubscription(ctx.db, { email: 'other.reader@example.org', query: 'prisons', frequency: 'DAILY', confirmed: true });
    await ctx.db.adminUser.create({ data: { email: 'admin@example.org', passwordHash: await hashPassword('correct horse battery staple') } });
    await page.goto(`${address}/admin`);
    await expect(page.locator('.error').textContent()).resolves.toContain('log in');
    await page.goto(`${address}/admin/login`);
    await page.fill('#email', 'admin@example.org');
    await page.fill('#password', 'correct horse battery staple');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/admin$/);
    await shot('09-admin-dashboard');
    await page.goto(`${address}/admin/subscriptions`);
    await page.fill('#q', 'other.reader');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('button', { name: 'Disable' }).click();
    await expect(page.locator('tbody').textContent()).resolves.toContain('disabled');
    await shot('10-admin-disabled');
    const disabled = await ctx.db.subscription.findFirstOrThrow({ where: { subscriber: { email: 'other.reader@example.org' } } });
    expect(disabled.disabledAt).not.toBeNull();
    await page.goto(`${address}/admin/audit`);
    await expect(page.locator('tbody').textContent()).resolves.toContain('subscription.disable');
    await shot('11-audit-log');

    // The queue dashboard (a React app) renders our queues.
    await page.goto(`${address}/admin/queues`);
    await page.getByText('alerts-deliver').first().waitFor({ timeout: 20_000 });
    await shot('12-queues');
  }, 120_000);
});
