import { addSubscription, PipelineError } from '@alerts/subscriptions';
import type { FastifyInstance } from 'fastify';
import { createTestContext, FORM, form, seedQuestion, type TestContext } from '../test-app';

/**
 * Issue #14, limits (items 8 and 10): NUL bytes are a 400 before anything is written, the preview on
 * /alerts/new?q= is rate limited, a vote without a cookie cannot be repeated, and the CLI's path to storing an alert
 * applies the web's label rule.
 */
let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp({ rateLimits: { signupPerMinute: 1000, searchPerMinute: 3 } });
  await seedQuestion(ctx.db);
});
afterAll(() => ctx.close());

describe('item 8: NUL bytes', () => {
  it('sign-up with a NUL in the query, label or address is a 400 and stores nothing', async () => {
    const payloads = [
      'email=nul%40example.org&query=a%00b&frequency=DAILY&action=subscribe',
      'email=nul2%40example.org&query=schools&label=a%00b&frequency=DAILY',
      'email=nul3%00%40example.org&query=schools&frequency=DAILY',
    ];
    for (const payload of payloads)
      expect((await app.inject({ method: 'POST', url: '/alerts/new', headers: FORM, payload })).statusCode).toBe(400);
    expect(await ctx.db.subscriber.count()).toBe(0);
  });

  it('editing an alert with query=a%00b is a 400 and changes nothing', async () => {
    const subscriber = await ctx.db.subscriber.create({
      data: { email: 'edit-nul@example.org', status: 'ACTIVE', confirmedAt: new Date() },
    });
    const subscription = await ctx.db.subscription.create({
      data: { subscriberId: subscriber.id, query: 'schools', confirmedAt: new Date() },
    });
    const token = ctx.signer.sign({ purpose: 'manage', subject: subscriber.id, version: 0 });
    const response = await app.inject({
      method: 'POST',
      url: `/manage/${token}/alerts/${subscription.id}/edit`,
      headers: FORM,
      payload: 'query=a%00b&label=&frequency=DAILY',
    });
    expect(response.statusCode).toBe(400);
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).query).toBe('schools');
  });

  it('a NUL in a search is a 400', async () => {
    expect((await app.inject('/search?q=a%00b')).statusCode).toBe(400);
  });
});

describe('item 10: smaller limits', () => {
  it('rate-limits the preview that /alerts/new?q= runs', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await app.inject({ url: `/alerts/new?q=schools${i}`, remoteAddress: '192.0.2.50' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('counts a vote without a cookie once, however often it is repeated', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/questions/1700001/vote',
        remoteAddress: '192.0.2.60',
        headers: FORM,
        payload: form({ helpful: 'yes' }),
      });
      expect(response.statusCode).toBe(303);
    }
    expect(await ctx.db.answerVote.count({ where: { questionId: 1_700_001 } })).toBe(1);
  });

  it('refuses, on the path the CLI uses, a label the web refuses (CRLF, over 100 characters)', async () => {
    for (const label of ['line one\r\nBcc: x@example.org', 'x'.repeat(101)]) {
      await expect(addSubscription(ctx.db, { email: 'cli@example.org', query: 'schools', label })).rejects.toThrow(
        PipelineError,
      );
    }
    expect(await ctx.db.subscriber.count({ where: { email: 'cli@example.org' } })).toBe(0);
  });
});
