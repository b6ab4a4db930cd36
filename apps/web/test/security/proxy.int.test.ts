import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadWebEnv } from '../../src/env';
import { createTestContext, FORM, form, type TestContext } from '../test-app';
import { startTestWeb } from './start-test-web';

/**
 * Issue #14, proxy and deployment (items 3, 6 and 10): behind a proxy only the configured hops are trusted, the
 * dev mailbox stays off in production, and /metrics is not open to the world.
 */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const signup = (i: number) =>
  form({ email: `proxy${i}@example.org`, query: 'schools', frequency: 'DAILY', action: 'subscribe' });

describe('item 3: TRUST_PROXY', () => {
  it('with one trusted hop, a client cannot pick its own address with X-Forwarded-For', async () => {
    const web = await startTestWeb(ctx, { TRUST_PROXY: '1' });
    try {
      const statuses: number[] = [];
      // The proxy (10.0.0.1) appends the real client (203.0.113.7); the client prepends whatever it likes.
      for (let i = 0; i < 11; i++) {
        const response = await web.app.inject({
          method: 'POST',
          url: '/alerts/new',
          remoteAddress: '10.0.0.1',
          headers: { ...FORM, 'x-forwarded-for': `192.0.2.${i}, 203.0.113.7` },
          payload: signup(i),
        });
        statuses.push(response.statusCode);
      }
      expect(statuses.slice(0, 10).every((s) => s === 303)).toBe(true);
      expect(statuses[10]).toBe(429);
    } finally {
      await web.close();
    }
  });

  it('trusts X-Forwarded-For only from the listed proxy addresses', async () => {
    const web = await startTestWeb(ctx, { TRUST_PROXY: '10.0.0.1' });
    try {
      const viaProxy = await web.app.inject({
        url: '/healthz',
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(viaProxy.statusCode).toBe(200);
      const statuses: number[] = [];
      // Not from the proxy: the header is ignored, so every request counts against the sender's own address.
      for (let i = 0; i < 11; i++) {
        const response = await web.app.inject({
          method: 'POST',
          url: '/alerts/new',
          remoteAddress: '198.51.100.4',
          headers: { ...FORM, 'x-forwarded-for': `192.0.2.${i}` },
          payload: signup(100 + i),
        });
        statuses.push(response.statusCode);
      }
      expect(statuses[10]).toBe(429);
    } finally {
      await web.close();
    }
  });

  it('refuses TRUST_PROXY=true, which would trust every hop', () => {
    expect(() => loadWebEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });
});

describe('item 6: the dev mailbox in production', () => {
  it('is not served in production without SMTP_URL unless explicitly enabled', async () => {
    await mkdir(ctx.mailboxDir, { recursive: true });
    await writeFile(path.join(ctx.mailboxDir, 'placeholder.txt'), '');
    const web = await startTestWeb(ctx, { NODE_ENV: 'production' });
    try {
      expect((await web.app.inject('/dev/mailbox')).statusCode).toBe(404);
    } finally {
      await web.close();
    }
    const enabled = await startTestWeb(ctx, { NODE_ENV: 'production', DEV_MAILBOX_WEB: 'true' });
    try {
      expect((await enabled.app.inject('/dev/mailbox')).statusCode).toBe(200);
    } finally {
      await enabled.close();
    }
  });
});

describe('item 10: /metrics', () => {
  it('answers only loopback without METRICS_TOKEN, and only the bearer of the token with it', async () => {
    const open = await startTestWeb(ctx);
    try {
      expect((await open.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
      expect((await open.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(404);
    } finally {
      await open.close();
    }
    const guarded = await startTestWeb(ctx, { METRICS_TOKEN: 'm'.repeat(32) });
    try {
      expect((await guarded.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(401);
      expect(
        (
          await guarded.app.inject({
            url: '/metrics',
            remoteAddress: '203.0.113.9',
            headers: { authorization: `Bearer ${'m'.repeat(32)}` },
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
