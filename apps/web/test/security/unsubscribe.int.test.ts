import type { FastifyInstance } from 'fastify';
import { createTestContext, type TestContext } from '../test-app';
import { deliverQueued, mailbox } from './deliver-queued';

/**
 * Issue #14, unsubscribe (item 2): RFC 8058 one-click works whatever body the receiver posts, and the goodbye
 * email's own one-click target works.
 */
let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
});
afterAll(() => ctx.close());

async function subscribed(email: string) {
  const subscriber = await ctx.db.subscriber.create({ data: { email, status: 'ACTIVE', confirmedAt: new Date() } });
  await ctx.db.subscription.create({
    data: { subscriberId: subscriber.id, query: 'schools', confirmedAt: new Date() },
  });
  return {
    subscriber,
    url: `/unsubscribe/${ctx.signer.sign({ purpose: 'unsubscribe', subject: subscriber.id, version: 0 })}`,
  };
}

const BOUNDARY = '----alerts-boundary';
const MULTIPART = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${BOUNDARY}--\r\n`;

describe('item 2: one-click unsubscribe accepts any body', () => {
  it('answers 200 and unsubscribes whatever the receiver posts: multipart, text, malformed JSON, unknown types, nothing', async () => {
    const bodies: [string, Record<string, string>, string | undefined][] = [
      ['multipart', { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, MULTIPART],
      ['text', { 'content-type': 'text/plain' }, 'List-Unsubscribe=One-Click'],
      ['json', { 'content-type': 'application/json' }, '{"List-Unsubscribe":'],
      ['unknown', { 'content-type': 'application/x-unknown' }, '\u0000\u0001'],
      ['empty', {}, undefined],
    ];
    const statuses: Record<string, number> = {};
    for (const [name, headers, payload] of bodies) {
      const { subscriber, url } = await subscribed(`${name}@example.org`);
      statuses[name] = (
        await app.inject({ method: 'POST', url, headers, ...(payload !== undefined ? { payload } : {}) })
      ).statusCode;
      if (statuses[name] === 200)
        expect(await ctx.db.subscriber.findUnique({ where: { id: subscriber.id } })).toBeNull();
    }
    expect(statuses).toEqual({ multipart: 200, text: 200, json: 200, unknown: 200, empty: 200 });
  });
});

describe('item 2: the goodbye email', () => {
  it('has a one-click target that answers 200', async () => {
    const { url } = await subscribed('goodbye@example.org');
    expect(
      (
        await app.inject({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'List-Unsubscribe=One-Click',
        })
      ).statusCode,
    ).toBe(200);
    const delivered = await deliverQueued(ctx);
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered.every((d) => d.kind === 'GOODBYE' && d.result === 'sent')).toBe(true);
    const goodbye = (await mailbox(ctx)).find((m) => m.to.includes('goodbye@example.org'))!;
    const header = goodbye.headers['List-Unsubscribe'];
    const target = header?.match(/<(https?:[^>]+)>/)?.[1];
    expect(target).toBeDefined();
    const path = new URL(target!).pathname;
    const response = await app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(response.statusCode).toBe(200);
  });
});
