import type { FastifyInstance } from 'fastify';
import { createTestContext, FORM, form, seedQuestion, type TestContext } from '../test-app';
import { deliverQueued, linkIn, mailbox } from './deliver-queued';

/**
 * Issue #14, tokens: a confirmation link confirms exactly the alerts its email listed (item 4), links can be
 * revoked (item 10), and pages reached by a token are never cached (item 10).
 */
let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  await seedQuestion(ctx.db);
});
afterAll(() => ctx.close());

const signup = (fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/alerts/new',
    headers: FORM,
    payload: form({ frequency: 'DAILY', action: 'subscribe', ...fields }),
  });

describe('item 4: a confirmation link confirms exactly the alerts its email listed', () => {
  it('leaves an alert a third party added after the email pending', async () => {
    expect((await signup({ email: 'owner@example.org', query: 'schools' })).statusCode).toBe(303);
    await deliverQueued(ctx);
    const [first] = await mailbox(ctx);
    const link = linkIn(first!, '/confirm/');

    // Someone else signs the same address up for another alert; its own email goes out too.
    expect((await signup({ email: 'owner@example.org', query: 'prisons' })).statusCode).toBe(303);
    await deliverQueued(ctx);

    const page = await app.inject(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('1 alert waiting for confirmation');
    const confirmed = await app.inject({ method: 'POST', url: link });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('1 alert is now active');
    const alerts = await ctx.db.subscription.findMany({
      where: { subscriber: { email: 'owner@example.org' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(alerts.map((a) => [a.query, a.confirmedAt !== null])).toEqual([
      ['schools', true],
      ['prisons', false],
    ]);
  });

  it('a link signed before confirmation requests existed confirms only the alerts pending when it was signed', async () => {
    const days = (n: number) => new Date(Date.now() - n * 24 * 3600 * 1000);
    const subscriber = await ctx.db.subscriber.create({ data: { email: 'legacy@example.org', createdAt: days(3) } });
    await ctx.db.subscription.create({ data: { subscriberId: subscriber.id, query: 'schools', createdAt: days(3) } });
    const link = `/confirm/${ctx.signer.sign({ purpose: 'confirm', subject: subscriber.id, version: 0 }, days(2).getTime())}`;
    await ctx.db.subscription.create({ data: { subscriberId: subscriber.id, query: 'planted', createdAt: days(1) } });
    const confirmed = await app.inject({ method: 'POST', url: link });
    expect(confirmed.statusCode).toBe(200);
    const alerts = await ctx.db.subscription.findMany({
      where: { subscriberId: subscriber.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(alerts.map((a) => [a.query, a.confirmedAt !== null])).toEqual([
      ['schools', true],
      ['planted', false],
    ]);
  });

  it('lists no free-text label in the confirmation email (item 10: labels are not a spam carrier)', async () => {
    expect(
      (await signup({ email: 'spam-target@example.org', query: 'schools', label: 'Cheap pills at pills dot example' }))
        .statusCode,
    ).toBe(303);
    await deliverQueued(ctx);
    const message = (await mailbox(ctx)).find((m) => m.to.includes('spam-target@example.org'))!;
    expect(message.text).not.toContain('Cheap pills');
    expect(message.html).not.toContain('Cheap pills');
  });
});

describe('item 10: links can be revoked', () => {
  it('"invalidate my old links" on the manage page revokes every earlier manage link', async () => {
    const subscriber = await ctx.db.subscriber.create({
      data: { email: 'revoke@example.org', status: 'ACTIVE', confirmedAt: new Date() },
    });
    await ctx.db.subscription.create({
      data: { subscriberId: subscriber.id, query: 'schools', confirmedAt: new Date() },
    });
    const old = ctx.signer.sign({ purpose: 'manage', subject: subscriber.id, version: subscriber.tokenVersion });
    const page = await app.inject(`/manage/${old}`);
    expect(page.body).toContain('Invalidate my old links');
    const revoked = await app.inject({
      method: 'POST',
      url: `/manage/${old}/revoke-links`,
      headers: FORM,
      payload: '',
    });
    expect(revoked.statusCode).toBe(303);
    expect((await app.inject(`/manage/${old}`)).statusCode).toBe(410);
    const fresh = revoked.headers.location as string;
    expect(fresh).toMatch(/^\/manage\/[\w.-]+$/);
    expect((await app.inject(fresh)).statusCode).toBe(200);
  });
});

describe('item 10: token pages are never cached', () => {
  it.each(['confirm', 'manage', 'unsubscribe'] as const)(
    '/%s/:token answers Cache-Control: no-store',
    async (purpose) => {
      const subscriber = await ctx.db.subscriber.create({ data: { email: `${purpose}-cache@example.org` } });
      await ctx.db.subscription.create({ data: { subscriberId: subscriber.id, query: 'schools' } });
      const token = ctx.signer.sign({ purpose, subject: subscriber.id, version: 0 });
      const response = await app.inject(`/${purpose}/${token}`);
      expect(response.headers['cache-control']).toBe('no-store');
    },
  );
});
