import { deliverPlanned } from '@alerts/delivery';
import { deliverJobs, deliveryKey } from '@alerts/queue';
import type { FastifyInstance } from 'fastify';
import { deliverDeps, linkIn, mailbox } from '../../test/security/deliver-queued';
import { createTestContext, FORM, form, queuedDelivery, seedQuestion, type TestContext } from '../../test/test-app';
import { escapeHtml } from '../views/html';

// Webhooks from the web: the sign-up form's and edit form's "Post to a webhook" fields (the pipeline's endpoint
// rule, as the CLI's) and the manage page's webhook buttons. Endpoints are written as public IP literals, so no
// DNS is needed.

let ctx: TestContext;
let app: FastifyInstance;
const ENDPOINT = 'https://93.184.216.34/hooks/alerts';
// The public's words for a private address, not the pipeline's: its message is for operators and names
// WEBHOOK_ALLOW_HOSTS, a setting nobody filling in a form can change (the CLI's test sees that one).
const PRIVATE = "This address points inside a private network, which we don't post to. Use a public https:// address.";

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp({ rateLimits: { signupPerMinute: 1000, pendingPerAddressPerHour: 100 } });
  await seedQuestion(ctx.db);
});
afterAll(() => ctx.close());

const signup = (fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/alerts/new',
    headers: FORM,
    payload: form({ frequency: 'DAILY', action: 'subscribe', query: 'schools', ...fields }),
  });
const manageToken = (subscriber: { id: string; tokenVersion: number }) =>
  ctx.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion });
const webhookAction = (token: string, id: string, action: string, extra: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: `/manage/${token}/alerts/${id}/webhook`,
    headers: FORM,
    payload: form({ action, ...extra }),
  });

/** A confirmed alert of `email` posting to ENDPOINT, made through the sign-up form. */
async function webhookAlert(email: string, format = '') {
  expect(await signup({ email, webhookUrl: ENDPOINT, webhookFormat: format })).toMatchObject({ statusCode: 303 });
  const subscriber = await ctx.db.subscriber.findUniqueOrThrow({
    where: { email },
    include: { subscriptions: { include: { webhook: true } } },
  });
  const alert = subscriber.subscriptions[0]!;
  await ctx.db.subscription.update({ where: { id: alert.id }, data: { confirmedAt: new Date() } });
  return { subscriber, alert, webhook: alert.webhook!, token: manageToken(subscriber) };
}

describe('sign-up with a webhook', () => {
  it('offers the fields, closed, on the form', async () => {
    const page = await app.inject('/alerts/new');
    expect(page.body).toContain(
      '<details class="webhook"><summary>Post to a webhook instead of email (optional)</summary>',
    );
    expect(page.body).toContain('<option value="SLACK">Slack message</option>');
  });

  it('stores an immediate webhook alert with the chosen format and a secret, and answers as any sign-up does', async () => {
    const response = await signup({ email: 'hook@example.org', webhookUrl: ENDPOINT, webhookFormat: 'SLACK' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/alerts/check-email');
    const subscriber = await ctx.db.subscriber.findUniqueOrThrow({
      where: { email: 'hook@example.org' },
      include: { subscriptions: { include: { webhook: true } } },
    });
    const [alert] = subscriber.subscriptions;
    // "How often?" said daily: a webhook alert is immediate all the same.
    expect(alert).toMatchObject({ channel: 'WEBHOOK', frequency: 'IMMEDIATE', confirmedAt: null, query: 'schools' });
    expect(alert!.webhook).toMatchObject({
      url: ENDPOINT,
      format: 'SLACK',
      disabledAt: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
    });
    // Double opt-in as for email: the confirmation email is owed.
    expect(await queuedDelivery(ctx, { job: deliverJobs.confirmation(subscriber.id, alert!.id) })).toBeDefined();
  });

  it('tells the format from the address when none is chosen', async () => {
    const { webhook } = await webhookAlert('auto@example.org');
    expect(webhook.format).toBe('JSON');
  });

  it.each([
    [
      'http://hooks.example.org/x',
      'This address does not start with https://. We only post over an encrypted connection: use the https:// address your receiver gives you.',
    ],
    ['http://10.1.2.3/hook', 'This address does not start with https://.'],
    ['https://127.0.0.1/hook', PRIVATE],
    ['https://10.1.2.3/hook', PRIVATE],
    ['https://[::1]/hook', PRIVATE],
    [
      'https://user:pw@93.184.216.34/hook',
      "This address has a user name or password in it, which we don't send. Use an address without them.",
    ],
    [
      'hooks dot example dot org',
      'This is not a web address. Copy the whole address your receiver gives you, starting with https://.',
    ],
  ])(
    'refuses %s beside the field in words a subscriber can act on, keeping what was typed, and stores nothing',
    async (url, message) => {
      const response = await signup({
        email: 'refused@example.org',
        label: 'Kept label',
        webhookUrl: url,
        webhookFormat: 'TEAMS',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('<details class="webhook" open>');
      expect(response.body).toContain(`<p class="error" id="webhook-error" role="alert">${escapeHtml(message)}`);
      expect(response.body).not.toContain('WEBHOOK_ALLOW_HOSTS');
      expect(response.body).not.toContain('loopback or reserved');
      expect(response.body).toContain(`name="webhookUrl" value="${url.replace(/&/g, '&amp;')}"`);
      expect(response.body).toContain('aria-describedby="webhook-help webhook-error" aria-invalid="true"');
      expect(response.body).toContain('<option value="TEAMS" selected>');
      expect(response.body).toContain('value="Kept label"');
      expect(response.body).toContain('value="refused@example.org"');
      expect(await ctx.db.subscriber.count({ where: { email: 'refused@example.org' } })).toBe(0);
    },
  );

  it('refuses a format not offered', async () => {
    const response = await signup({ email: 'format@example.org', webhookUrl: ENDPOINT, webhookFormat: 'XML' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Choose a message format from the list.');
  });

  it('lets an operator allow a private receiver (WEBHOOK_ALLOW_HOSTS)', async () => {
    const operated = await ctx.makeApp({ webhooks: { allowHosts: new Set(['10.1.2.3']) } });
    const response = await operated.inject({
      method: 'POST',
      url: '/alerts/new',
      headers: FORM,
      payload: form({
        frequency: 'DAILY',
        action: 'subscribe',
        query: 'schools',
        email: 'internal@example.org',
        webhookUrl: 'http://10.1.2.3/hook',
      }),
    });
    expect(response.statusCode).toBe(303);
    expect(await ctx.db.webhook.count({ where: { url: 'http://10.1.2.3/hook' } })).toBe(1);
  });
});

describe('double opt-in', () => {
  it('shows the secret on the page answering the confirmation, never in the email, and not on a second confirm', async () => {
    expect(await signup({ email: 'optin@example.org', webhookUrl: ENDPOINT })).toMatchObject({ statusCode: 303 });
    const subscriber = await ctx.db.subscriber.findUniqueOrThrow({
      where: { email: 'optin@example.org' },
      include: { subscriptions: { include: { webhook: true } } },
    });
    const alert = subscriber.subscriptions[0]!;
    const secret = alert.webhook!.secret;
    // The confirmation email, sent by the mailer's own `deliver` into the test's dev mailbox.
    const planned = await ctx.db.delivery.findUniqueOrThrow({
      where: { dedupeKey: deliveryKey(deliverJobs.confirmation(subscriber.id, alert.id)) },
    });
    const deps = await deliverDeps(ctx);
    try {
      expect(await deliverPlanned(deps, planned.id)).toMatchObject({ status: 'sent' });
    } finally {
      await deps.locks.close();
    }
    const email = (await mailbox(ctx)).find((m) => m.to.includes('optin@example.org'))!;
    expect(email.text).not.toContain(secret);
    expect(email.html).not.toContain(secret);
    const link = linkIn(email, '/confirm/');

    expect((await app.inject(link)).body).not.toContain(secret);
    const confirmed = await app.inject({ method: 'POST', url: link });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.headers['cache-control']).toBe('no-store');
    expect(confirmed.body).toContain('1 alert is now active: we will post to your webhook when a new answer matches.');
    expect(confirmed.body).toContain('<h2 id="webhooks-heading">Your webhook</h2>');
    expect(confirmed.body).toContain(`value="${secret}" readonly`);
    expect(confirmed.body).toContain('<code>webhook-signature</code>');
    // Confirmed once: the link's page has nothing left to confirm, and no secret.
    expect((await app.inject({ method: 'POST', url: link })).body).not.toContain(secret);
  });
});

describe('the manage page', () => {
  it('lists the webhook by host, format and state, never its secret; shows it on "Show signing secret"', async () => {
    const { alert, webhook, token } = await webhookAlert('manage@example.org', 'TEAMS');
    const page = await app.inject(`/manage/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Posted to a webhook as soon as new answers arrive · active');
    expect(page.body).toContain('Posts to 93.184.216.34 (Microsoft Teams) · working');
    expect(page.body).toContain(
      `<form method="post" action="/manage/${token}/alerts/${alert.id}/webhook" class="actions">`,
    );
    expect(page.body).not.toContain('Enable again');
    expect(page.body).not.toContain(webhook.secret);

    const shown = await webhookAction(token, alert.id, 'secret');
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.body).toContain(`value="${webhook.secret}" readonly`);
    for (const header of ['webhook-id', 'webhook-timestamp', 'webhook-signature'])
      expect(shown.body).toContain(`<code>${header}</code>`);
  });

  it('"Regenerate secret" asks first, saying the receiver will reject posts; only the confirm makes and shows a new secret', async () => {
    const { alert, webhook, token } = await webhookAlert('regenerate@example.org');
    const storedSecret = async () =>
      (await ctx.db.webhook.findUniqueOrThrow({ where: { subscriptionId: alert.id } })).secret;
    const asked = await webhookAction(token, alert.id, 'regenerate');
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`/manage/${token}/alerts/${alert.id}/webhook/regenerate`);
    expect(await storedSecret()).toBe(webhook.secret);

    const page = await app.inject(asked.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('<h1>Make a new signing secret?</h1>');
    expect(page.body).toContain('Your receiver will reject our posts until you give it the new secret');
    expect(page.body).toContain(
      `<form method="post" action="/manage/${token}/alerts/${alert.id}/webhook"><input type="hidden" name="action" value="regenerate"><input type="hidden" name="confirm" value="yes">`,
    );
    expect(page.body).toContain(`<a class="button-link" href="/manage/${token}">No, keep the current secret</a>`);
    expect(page.body).not.toContain(webhook.secret);
    // Opening the page (or reloading it) changes nothing.
    expect(await storedSecret()).toBe(webhook.secret);

    const response = await webhookAction(token, alert.id, 'regenerate', { confirm: 'yes' });
    expect(response.statusCode).toBe(200);
    const stored = await storedSecret();
    expect(stored).not.toBe(webhook.secret);
    expect(response.body).toContain(`value="${stored}" readonly`);
    expect(response.body).toContain('The old secret no longer verifies.');
  });

  it('shows a disabled webhook with why, and "Enable again" turns it on and owes its given-up posts again', async () => {
    const { subscriber, alert, token } = await webhookAlert('disabled@example.org');
    const failingSince = new Date('2026-03-01T09:00:00Z');
    await ctx.db.webhook.update({
      where: { subscriptionId: alert.id },
      data: { failingSince, disabledAt: new Date('2026-03-02T10:00:00Z'), lastError: 'HTTP 500' },
    });
    const job = deliverJobs.webhook(subscriber.id, alert.id, '1');
    const given = await ctx.db.delivery.create({
      data: {
        subscriberId: subscriber.id,
        email: '',
        kind: 'WEBHOOK',
        status: 'FAILED',
        dedupeKey: deliveryKey(job),
        job,
      },
    });

    const page = await app.inject(`/manage/${token}`);
    expect(page.body).toContain('· its webhook is turned off</p>');
    expect(page.body).toContain(
      'Posts to 93.184.216.34 (JSON) · <strong class="warning">turned off</strong> on 2 March 2026, failing since 1 March 2026 (HTTP 500). New answers wait until you enable it again.',
    );
    expect(page.body).toContain(
      '<button type="submit" name="action" value="enable" class="primary">Enable again</button>',
    );

    const enabled = await webhookAction(token, alert.id, 'enable');
    expect(enabled.statusCode).toBe(303);
    expect(enabled.headers.location).toBe(`/manage/${token}?done=webhook-enabled`);
    expect(await ctx.db.webhook.findUniqueOrThrow({ where: { subscriptionId: alert.id } })).toMatchObject({
      disabledAt: null,
      failingSince: null,
      lastError: null,
    });
    expect(await queuedDelivery(ctx, { job })).toMatchObject({ id: given.id });
    const after = await app.inject(enabled.headers.location as string);
    expect(after.body).toContain('Webhook enabled again.');
    expect(after.body).toContain('Posts to 93.184.216.34 (JSON) · working');
  });

  it('"Remove webhook" sends the alert\'s answers by email again, including those a given-up post held', async () => {
    const { subscriber, alert, token } = await webhookAlert('remove@example.org');
    const job = deliverJobs.webhook(subscriber.id, alert.id, '2');
    const given = await ctx.db.delivery.create({
      data: {
        subscriberId: subscriber.id,
        email: '',
        kind: 'WEBHOOK',
        status: 'FAILED',
        dedupeKey: deliveryKey(job),
        job,
      },
    });
    const match = await ctx.db.match.create({
      data: { subscriptionId: alert.id, questionIds: [1700001], deliveryId: given.id },
    });
    await ctx.db.webhook.update({ where: { subscriptionId: alert.id }, data: { disabledAt: new Date() } });

    // Asked first: the webhook is still there, and the page says where answers will go instead.
    const asked = await webhookAction(token, alert.id, 'remove');
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe(`/manage/${token}/alerts/${alert.id}/webhook/remove`);
    const question = await app.inject(asked.headers.location as string);
    expect(question.statusCode).toBe(200);
    expect(question.headers['cache-control']).toBe('no-store');
    expect(question.body).toContain('<h1>Remove this webhook?</h1>');
    expect(question.body).toContain('will stop posting to <strong>93.184.216.34</strong>');
    expect(question.body).toContain(
      'New answers will come by email to <strong>remove@example.org</strong>, as soon as they arrive. The answers waiting while the webhook was turned off will be emailed too.',
    );
    expect(question.body).toContain(
      '<input type="hidden" name="action" value="remove"><input type="hidden" name="confirm" value="yes">',
    );
    expect(question.body).toContain(`<a class="button-link" href="/manage/${token}">No, keep it</a>`);
    expect(await ctx.db.subscription.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      channel: 'WEBHOOK',
    });
    expect(await ctx.db.webhook.count({ where: { subscriptionId: alert.id } })).toBe(1);
    expect(await ctx.db.match.findUniqueOrThrow({ where: { id: match.id } })).toMatchObject({ deliveryId: given.id });

    const removed = await webhookAction(token, alert.id, 'remove', { confirm: 'yes' });
    expect(removed.statusCode).toBe(303);
    expect(await ctx.db.subscription.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      channel: 'EMAIL',
    });
    expect(await ctx.db.webhook.count({ where: { subscriptionId: alert.id } })).toBe(0);
    expect(await ctx.db.match.findUniqueOrThrow({ where: { id: match.id } })).toMatchObject({
      deliveryId: null,
      deliveredAt: null,
    });
    const page = await app.inject(removed.headers.location as string);
    expect(page.body).toContain('Webhook removed. This alert emails its answers again.');
    expect(page.body).not.toContain('Posts to');
  });

  it("refuses another subscriber's manage link, on the confirmation pages too", async () => {
    const { alert, webhook } = await webhookAlert('owner@example.org');
    const other = await ctx.db.subscriber.create({
      data: { email: 'other@example.org', mailbox: 'other@example.org' },
    });
    const otherToken = manageToken(other);
    expect((await webhookAction(otherToken, alert.id, 'secret')).statusCode).toBe(404);
    for (const action of ['regenerate', 'remove']) {
      expect((await app.inject(`/manage/${otherToken}/alerts/${alert.id}/webhook/${action}`)).statusCode).toBe(404);
      expect((await webhookAction(otherToken, alert.id, action, { confirm: 'yes' })).statusCode).toBe(404);
    }
    expect(await ctx.db.webhook.findUniqueOrThrow({ where: { subscriptionId: alert.id } })).toMatchObject({
      secret: webhook.secret,
    });
  });
});

describe('the edit form', () => {
  it('adds a webhook to an email alert and shows its new secret once, in answer to the save', async () => {
    expect(await signup({ email: 'edit@example.org' })).toMatchObject({ statusCode: 303 });
    const subscriber = await ctx.db.subscriber.findUniqueOrThrow({
      where: { email: 'edit@example.org' },
      include: { subscriptions: true },
    });
    const alert = subscriber.subscriptions[0]!;
    const url = `/manage/${manageToken(subscriber)}/alerts/${alert.id}/edit`;
    const edit = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url,
        headers: FORM,
        payload: form({ query: 'schools', frequency: 'WEEKLY', ...fields }),
      });

    expect((await app.inject(url)).body).toContain('<details class="webhook"><summary>');
    const bad = await edit({ webhookUrl: 'https://10.0.0.9/x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(escapeHtml(PRIVATE));
    expect(bad.body).not.toContain('WEBHOOK_ALLOW_HOSTS');
    expect(bad.body).toContain('name="webhookUrl" value="https://10.0.0.9/x"');
    expect(await ctx.db.subscription.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      channel: 'EMAIL',
      frequency: 'DAILY',
    });

    const saved = await edit({ webhookUrl: ENDPOINT, webhookFormat: 'SLACK' });
    expect(saved.statusCode).toBe(200);
    const webhook = await ctx.db.webhook.findUniqueOrThrow({ where: { subscriptionId: alert.id } });
    expect(webhook).toMatchObject({ url: ENDPOINT, format: 'SLACK' });
    expect(saved.body).toContain(`value="${webhook.secret}" readonly`);
    expect(await ctx.db.subscription.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      channel: 'WEBHOOK',
      frequency: 'IMMEDIATE',
    });

    // Saving again keeps the secret (the receiver still verifies) and goes back to the manage page.
    const again = await edit({ webhookUrl: ENDPOINT, webhookFormat: 'JSON', label: 'Renamed' });
    expect(again.statusCode).toBe(303);
    expect(await ctx.db.webhook.findUniqueOrThrow({ where: { subscriptionId: alert.id } })).toMatchObject({
      secret: webhook.secret,
      format: 'JSON',
    });

    // An empty address: email again, at the frequency chosen.
    expect((await edit({ webhookUrl: '' })).statusCode).toBe(303);
    expect(await ctx.db.subscription.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({
      channel: 'EMAIL',
      frequency: 'WEEKLY',
    });
    expect(await ctx.db.webhook.count({ where: { subscriptionId: alert.id } })).toBe(0);
  });
});
