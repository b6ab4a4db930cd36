import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hashPassword } from '@alerts/tokens';
import type { FastifyInstance } from 'fastify';
import { BASE_URL, cookieHeader, createTestContext, FORM, form, seedQuestion, type TestContext } from '../test-app';
import { deliverQueued, linkIn, mailbox } from './deliver-queued';

/**
 * Issue #20, item 6: abuse that hurts the sender's reputation, one rule each. (Rule 6, personal data gone after
 * unsubscribe, is in `erasure.int.test.ts`.)
 */
let ctx: TestContext;
let app: FastifyInstance;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  await seedQuestion(ctx.db);
  await ctx.db.adminUser.create({ data: { email: 'admin@example.org', passwordHash: await hashPassword(PASSWORD) } });
});
afterAll(() => ctx.close());

const signup = (target: FastifyInstance, fields: Record<string, string>) =>
  target.inject({
    method: 'POST',
    url: '/alerts/new',
    headers: FORM,
    payload: form({ frequency: 'DAILY', action: 'subscribe', ...fields }),
  });

async function logIn(email: string, password: string, remoteAddress: string) {
  const page = await app.inject({ url: '/admin/login', remoteAddress });
  let jar = cookieHeader(page.headers['set-cookie']);
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
  const response = await app.inject({
    method: 'POST',
    url: '/admin/login',
    remoteAddress,
    headers: FORM,
    cookies: jar,
    payload: form({ _csrf: csrf, email, password }),
  });
  jar = cookieHeader(response.headers['set-cookie'], jar);
  return { status: response.statusCode, jar };
}

describe('rule 1: one mailbox, one cap', () => {
  it('counts Gmail dot variants and googlemail.com as one mailbox: 5 confirmation emails an hour, not 11', async () => {
    const variants = [
      'johnsmith@gmail.com',
      'j.ohnsmith@gmail.com',
      'jo.hn.smith@gmail.com',
      'john.smith+a@gmail.com',
      'JOHN.SMITH@GMAIL.COM',
      'johnsmith@googlemail.com',
      'j.o.h.n.s.m.i.t.h@googlemail.com',
      'johnsmith+b@googlemail.com',
      'johns.mith@gmail.com',
      'john.s.mith@gmail.com',
      'johnsmit.h@gmail.com',
    ];
    for (const [i, email] of variants.entries())
      expect((await signup(app, { email, query: `schools${i}` })).statusCode).toBe(303);
    expect(await ctx.db.delivery.count({ where: { kind: 'CONFIRMATION', email: { contains: 'mail.com' } } })).toBe(5);
    expect(await ctx.db.subscription.count({ where: { subscriber: { email: { contains: 'mail.com' } } } })).toBe(5);
  });

  it('keeps dots significant elsewhere: j.doe@example.org and jdoe@example.org are two mailboxes', async () => {
    for (let i = 0; i < 5; i++) await signup(app, { email: 'j.doe@example.org', query: `prisons${i}` });
    expect((await signup(app, { email: 'jdoe@example.org', query: 'prisons' })).statusCode).toBe(303);
    expect(await ctx.db.subscription.count({ where: { subscriber: { email: 'jdoe@example.org' } } })).toBe(1);
  });
});

describe('rule 2: no free text of the requester in an email sent before confirmation', () => {
  it('the confirmation names neither the query nor the label; the confirm page shows them', async () => {
    const query = 'urgent "bank account" locked call 08001234567';
    expect((await signup(app, { email: 'victim@example.org', query, label: 'Reply now to unlock' })).statusCode).toBe(
      303,
    );
    await deliverQueued(ctx);
    const message = (await mailbox(ctx)).find((m) => m.to.includes('victim@example.org'))!;
    for (const part of [message.subject, message.text, message.html]) {
      for (const word of ['urgent', 'bank', 'locked', '08001234567', 'unlock', 'Reply now'])
        expect(part.toLowerCase()).not.toContain(word.toLowerCase());
    }
    expect(message.subject).toBe('Confirm your alert');
    expect(message.text).toContain('An alert on keywords');
    const page = await app.inject(linkIn(message, '/confirm/'));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('&quot;bank account&quot;');
    expect(page.body).toContain('Reply now to unlock');
  });
});

describe('rule 3: Bull Board is read-only', () => {
  it('refuses every write through the board, same-origin and logged in, and still shows the queues', async () => {
    const { jar } = await logIn('admin@example.org', PASSWORD, '127.0.0.1');
    const headers = { origin: BASE_URL, 'content-type': 'application/json' };
    const writes = [
      { method: 'PUT' as const, url: '/admin/queues/api/queues/alerts-deliver/pause' },
      {
        method: 'POST' as const,
        url: '/admin/queues/api/queues/alerts-deliver/add',
        payload: JSON.stringify({ name: 'deliver', data: { deliveryId: 'x', dispatch: 0 } }),
      },
      { method: 'PUT' as const, url: '/admin/queues/api/queues/alerts-deliver/retry/failed' },
      { method: 'PUT' as const, url: '/admin/queues/api/queues/alerts-deliver/clean/completed' },
      { method: 'PUT' as const, url: '/admin/queues/api/queues/pause' },
    ];
    for (const write of writes)
      expect({ url: write.url, status: (await app.inject({ ...write, cookies: jar, headers })).statusCode }).toEqual({
        url: write.url,
        status: 405,
      });
    expect(await ctx.queues.deliver.isPaused()).toBe(false);
    expect(await ctx.queues.deliver.count()).toBe(0);
    expect((await app.inject({ url: '/admin/queues/api/queues', cookies: jar })).statusCode).toBe(200);
  });
});

describe('rule 4: the preview limit on every route that runs a preview', () => {
  it("limits the manage page's edit preview, as the sign-up form's", async () => {
    const limited = await ctx.makeApp({ rateLimits: { searchPerMinute: 3 } });
    const subscriber = await ctx.db.subscriber.create({
      data: { email: 'editor@example.org', status: 'ACTIVE', confirmedAt: new Date() },
    });
    const alert = await ctx.db.subscription.create({
      data: { subscriberId: subscriber.id, query: 'schools', confirmedAt: new Date() },
    });
    const url = `/manage/${ctx.signer.sign({ purpose: 'manage', subject: subscriber.id, version: 0 })}/alerts/${alert.id}/edit`;
    const get = [];
    for (let i = 0; i < 4; i++) get.push((await limited.inject({ url, remoteAddress: '192.0.2.70' })).statusCode);
    expect(get).toEqual([200, 200, 200, 429]);
    // The edit form's POST answers a form with errors with its preview too.
    const post = [];
    for (let i = 0; i < 4; i++)
      post.push(
        (
          await limited.inject({
            method: 'POST',
            url,
            remoteAddress: '192.0.2.71',
            headers: FORM,
            payload: form({ query: `schools ${i}`, frequency: 'HOURLY' }),
          })
        ).statusCode,
      );
    expect(post).toEqual([400, 400, 400, 429]);
  });
});

describe('rule 5: paths normalised before header rules', () => {
  it('answers an encoded /manage/ or /unsubscribe/ path with no-store, as the plain one', async () => {
    const subscriber = await ctx.db.subscriber.create({
      data: { email: 'cache@example.org', status: 'ACTIVE', confirmedAt: new Date() },
    });
    const manage = ctx.signer.sign({ purpose: 'manage', subject: subscriber.id, version: 0 });
    const unsubscribe = ctx.signer.sign({ purpose: 'unsubscribe', subject: subscriber.id, version: 0 });
    for (const url of [
      `/manage/${manage}`,
      `/%6danage/${manage}`,
      `/%6Danage/${manage}`,
      `/%75nsubscribe/${unsubscribe}`,
      `/unsubscrib%65/${unsubscribe}`,
      '/%6danage/not-a-token',
    ]) {
      const response = await app.inject(url);
      expect({ url, status: response.statusCode < 500, cache: response.headers['cache-control'] }).toEqual({
        url,
        status: true,
        cache: 'no-store',
      });
    }
  });
});

describe('rule 7: a lockout an outsider cannot use against an admin', () => {
  it('failures from one address lock that address out, never the admin elsewhere', async () => {
    await ctx.db.adminUser.create({
      data: { email: 'target@example.org', passwordHash: await hashPassword(PASSWORD) },
    });
    for (let i = 0; i < 8; i++)
      expect((await logIn('target@example.org', `wrong ${i}`, '203.0.113.66')).status).toBe(401);
    // The attacker's address is locked, even with the right password...
    expect((await logIn('target@example.org', PASSWORD, '203.0.113.66')).status).toBe(401);
    // ...and the admin, from their own address, logs in.
    expect((await logIn('target@example.org', PASSWORD, '198.51.100.7')).status).toBe(303);
  });

  it('over the account-wide ceiling, a new address locks at its first failure, and the admin still logs in', async () => {
    await ctx.db.adminUser.create({
      data: { email: 'botnet-target@example.org', passwordHash: await hashPassword(PASSWORD) },
    });
    // A botnet: many addresses, three guesses each, under the per-address limit.
    for (let ip = 1; ip <= 8; ip++)
      for (let i = 0; i < 3; i++)
        expect((await logIn('botnet-target@example.org', `guess ${ip}.${i}`, `203.0.113.${ip}`)).status).toBe(401);
    // The next address gets one guess, then waits.
    expect((await logIn('botnet-target@example.org', 'one more guess', '203.0.113.200')).status).toBe(401);
    expect((await logIn('botnet-target@example.org', PASSWORD, '203.0.113.200')).status).toBe(401);
    expect((await logIn('botnet-target@example.org', PASSWORD, '198.51.100.8')).status).toBe(303);
  });

  it('counts an IPv6 /64 as one address, so rotating within it does not reset the count', async () => {
    await ctx.db.adminUser.create({
      data: { email: 'v6-target@example.org', passwordHash: await hashPassword(PASSWORD) },
    });
    for (let i = 0; i < 5; i++)
      expect((await logIn('v6-target@example.org', `wrong ${i}`, `2001:db8:1:2::${i + 1}`)).status).toBe(401);
    expect((await logIn('v6-target@example.org', PASSWORD, '2001:db8:1:2:ffff::9')).status).toBe(401);
    expect((await logIn('v6-target@example.org', PASSWORD, '2001:db8:1:3::1')).status).toBe(303);
  });
});

describe('rule 8: one set of security headers, as documented, on every response', () => {
  const HEADERS = [
    'content-security-policy',
    'x-frame-options',
    'x-content-type-options',
    'referrer-policy',
    'strict-transport-security',
    'cross-origin-opener-policy',
    'cross-origin-resource-policy',
  ];
  const security = (headers: Record<string, unknown>) =>
    Object.fromEntries(HEADERS.map((name) => [name, headers[name]]));

  it('a page, an asset, a 404, an error page and an API answer carry the same headers', async () => {
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    const expected = security(page.headers);
    for (const name of HEADERS) expect(expected[name]).toEqual(expect.any(String));
    const others = {
      asset: await app.inject('/assets/site.css'),
      notFound: await app.inject('/no-such-page'),
      error: await app.inject('/search?q=a%00b'),
      tokenError: await app.inject('/manage/not-a-token'),
      api: await app.inject('/api/describe?q=schools'),
      health: await app.inject('/healthz'),
    };
    expect(others.notFound.statusCode).toBe(404);
    expect(others.error.statusCode).toBe(400);
    for (const [name, response] of Object.entries(others))
      expect({ name, ...security(response.headers) }).toEqual({ name, ...expected });
  });

  it('apps/web/README.md states the policy exactly as served', async () => {
    const readme = await readFile(path.join(__dirname, '../../README.md'), 'utf8');
    const served = (await app.inject('/')).headers;
    expect(readme).toContain(`\`Content-Security-Policy: ${served['content-security-policy']}\``);
    expect(readme).toContain(`\`X-Frame-Options: ${served['x-frame-options']}\``);
  });
});
