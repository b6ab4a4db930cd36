import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import {
  describeInChromium,
  launchChromium,
  PHONE,
  screenshotBothWidths,
  seriousAxeViolations,
} from './browser-checks';
import { createTestContext, seedQuestion, type TestContext } from './test-app';

const SHOTS = path.resolve(__dirname, '../../../artifacts/screenshots/webhooks');

/**
 * The webhook parts of the web in Chromium at 390 and 1280 px: the sign-up form's "Post to a webhook" section (as
 * typed, and refused beside the field), the manage page with a disabled webhook, the signing secret's page, and the
 * pages that ask before "Regenerate secret" and "Remove webhook" act. No page may scroll sideways or have a serious
 * accessibility problem. Screenshots in artifacts/screenshots/webhooks/.
 */
describeInChromium('webhooks on the web, in a browser', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let address: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ctx = await createTestContext();
    await seedQuestion(ctx.db);
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
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  /** Screenshot `selector` (or the whole page) at both widths; the page must fit each and pass axe. */
  const atBothWidths = async (name: string, selector?: string) => {
    const { desktopOverflow, phoneOverflow } = await screenshotBothWidths(
      page,
      SHOTS,
      name,
      selector ? { selector } : {},
    );
    const overflow = { desktop: desktopOverflow, phone: phoneOverflow };
    expect({ name, overflow, violations: await seriousAxeViolations(page) }).toEqual({
      name,
      overflow: { desktop: 0, phone: 0 },
      violations: [],
    });
  };

  it('the sign-up form: the section opens, and a private address is refused beside the field', async () => {
    await page.goto(`${address}/alerts/new?q=schools`);
    await page.click('details.webhook summary');
    await page.fill('#webhookUrl', 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX');
    await page.selectOption('#webhookFormat', 'SLACK');
    await atBothWidths('signup-section', 'details.webhook');

    await page.fill('#email', 'shots@example.org');
    await page.fill('#webhookUrl', 'https://10.0.0.1/hook');
    await page.click('button[value="subscribe"]');
    // The refusal is a 400 page at the same URL: wait for its message.
    await page.locator('#webhook-error').waitFor();
    expect(await page.inputValue('#webhookUrl')).toBe('https://10.0.0.1/hook');
    expect(await page.textContent('#webhook-error')).toBe(
      "This address points inside a private network, which we don't post to. Use a public https:// address.",
    );
    expect(await page.content()).not.toContain('WEBHOOK_ALLOW_HOSTS');
    await atBothWidths('signup-refused', 'details.webhook');
  });

  it('the manage page with a disabled webhook, and the signing secret', async () => {
    const subscriber = await ctx.db.subscriber.create({
      data: {
        email: 'shots-manage@example.org',
        mailbox: 'shots-manage@example.org',
        status: 'ACTIVE',
        confirmedAt: new Date(),
      },
    });
    await ctx.db.subscription.create({
      data: {
        subscriberId: subscriber.id,
        query: 'flood defences',
        label: 'Floods to Slack',
        frequency: 'IMMEDIATE',
        channel: 'WEBHOOK',
        confirmedAt: new Date(),
        webhook: {
          create: {
            url: 'https://hooks.slack.com/services/T000/B000/XXXX',
            format: 'SLACK',
            secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
            failingSince: new Date('2026-03-01T09:00:00Z'),
            disabledAt: new Date('2026-03-02T09:30:00Z'),
            lastError: 'HTTP 404 from hooks.slack.com',
          },
        },
      },
    });
    await ctx.db.subscription.create({
      data: { subscriberId: subscriber.id, query: 'schools', confirmedAt: new Date() },
    });
    const token = ctx.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion });
    await page.goto(`${address}/manage/${token}`);
    await atBothWidths('manage-disabled');
    await page.click('button[value="secret"]');
    await page.waitForURL(/\/webhook$/);
    expect(await page.inputValue('#secret-0')).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    await atBothWidths('secret');

    // "Regenerate secret" asks first; "No, keep the current secret" goes back with the secret unchanged.
    const storedSecret = async () =>
      (await ctx.db.webhook.findFirstOrThrow({ where: { subscription: { subscriberId: subscriber.id } } })).secret;
    await page.goto(`${address}/manage/${token}`);
    await page.click('button[value="regenerate"]');
    await page.waitForURL(/\/webhook\/regenerate$/);
    await atBothWidths('confirm-regenerate');
    await page.click('text=No, keep the current secret');
    await page.waitForURL(new RegExp(`/manage/${token}$`));
    expect(await storedSecret()).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    await page.click('button[value="regenerate"]');
    await page.click('text=Yes, make a new secret');
    await page.waitForURL(/\/webhook$/);
    const regenerated = await storedSecret();
    expect(regenerated).not.toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(await page.inputValue('#secret-0')).toBe(regenerated);

    // "Remove webhook" asks first, saying where answers will go; only its "Yes" removes it.
    await page.goto(`${address}/manage/${token}`);
    await page.click('button[value="remove"]');
    await page.waitForURL(/\/webhook\/remove$/);
    expect(await ctx.db.webhook.count({ where: { subscription: { subscriberId: subscriber.id } } })).toBe(1);
    await atBothWidths('confirm-remove');
    await page.click('text=Yes, remove the webhook');
    await page.waitForURL(/done=webhook-removed$/);
    expect(await ctx.db.webhook.count({ where: { subscription: { subscriberId: subscriber.id } } })).toBe(0);
  });
});
