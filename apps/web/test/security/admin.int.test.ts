import { hashPassword } from '@alerts/tokens';
import type { FastifyInstance } from 'fastify';
import { BASE_URL, cookieHeader, createTestContext, FORM, form, type TestContext } from '../test-app';

/**
 * Issue #14, admin (items 8 and 9): sessions end at logout and password change, the CSRF token belongs to the
 * session, Bull Board refuses writes, a client locks itself out of an account after repeated failures, and
 * NUL or CRLF in admin input is a 400 before anything is written.
 */
let ctx: TestContext;
let app: FastifyInstance;
let adminId: string;
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  adminId = (
    await ctx.db.adminUser.create({ data: { email: 'admin@example.org', passwordHash: await hashPassword(PASSWORD) } })
  ).id;
});
afterAll(() => ctx.close());

async function logIn(email = 'admin@example.org', password = PASSWORD, remoteAddress = '127.0.0.1') {
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
  return { response, jar };
}
/** The CSRF token the dashboard puts in its forms for this session. */
async function formToken(jar: Record<string, string>) {
  const page = await app.inject({ url: '/admin', cookies: jar });
  return page.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
}

describe('item 9: sessions are revocable', () => {
  it('a copied session cookie stops working at logout', async () => {
    const { jar } = await logIn();
    const copy = { ...jar };
    const logout = await app.inject({
      method: 'POST',
      url: '/admin/logout',
      headers: FORM,
      cookies: jar,
      payload: form({ _csrf: await formToken(jar) }),
    });
    expect(logout.statusCode).toBe(303);
    // No valid session: a page request is sent to the login form, an API call refused.
    expect(await app.inject({ url: '/admin', cookies: copy })).toMatchObject({
      statusCode: 303,
      headers: { location: '/admin/login' },
    });
    expect(
      (await app.inject({ url: '/admin', cookies: copy, headers: { accept: 'application/json' } })).statusCode,
    ).toBe(401);
  });

  it('every session stops working when the password changes', async () => {
    const { jar } = await logIn();
    expect((await app.inject({ url: '/admin', cookies: jar })).statusCode).toBe(200);
    await ctx.db.adminUser.update({ where: { id: adminId }, data: { passwordHash: await hashPassword(PASSWORD) } });
    expect(await app.inject({ url: '/admin', cookies: jar })).toMatchObject({
      statusCode: 303,
      headers: { location: '/admin/login' },
    });
  });
});

describe('item 9: CSRF', () => {
  it('refuses a token that does not belong to the session, even with a matching csrf cookie', async () => {
    const { jar } = await logIn();
    const subscriber = await ctx.db.subscriber.create({ data: { email: 'csrf@example.org' } });
    const subscription = await ctx.db.subscription.create({ data: { subscriberId: subscriber.id, query: 'schools' } });
    // An attacker who can plant a cookie (a sibling subdomain) picks both the cookie and the field.
    const planted = 'A'.repeat(43);
    const response = await app.inject({
      method: 'POST',
      url: `/admin/subscriptions/${subscription.id}/delete`,
      headers: FORM,
      cookies: { ...jar, csrf: planted },
      payload: form({ _csrf: planted }),
    });
    expect(response.statusCode).toBe(403);
    expect(await ctx.db.subscription.count({ where: { id: subscription.id } })).toBe(1);
  });

  it("refuses Bull Board's mutating API from any origin: the board is read-only (issue #20)", async () => {
    const { jar } = await logIn();
    const url = '/admin/queues/api/queues/alerts-deliver/pause';
    for (const headers of [{ origin: 'https://evil.example' }, {}, { origin: BASE_URL }]) {
      expect((await app.inject({ method: 'PUT', url, cookies: jar, headers })).statusCode).toBe(405);
    }
    expect(await ctx.queues.deliver.isPaused()).toBe(false);
  });
});

describe('item 9: lockout (per account and client since issue #20)', () => {
  it('locks a client out of an account after 5 failures, even for the right password, and lets it in once the lock has passed', async () => {
    await ctx.db.adminUser.create({
      data: { email: 'target@example.org', passwordHash: await hashPassword(PASSWORD) },
    });
    for (let i = 0; i < 5; i++)
      expect((await logIn('target@example.org', `wrong ${i}`, '198.51.100.1')).response.statusCode).toBe(401);
    const locked = await logIn('target@example.org', PASSWORD, '198.51.100.1');
    expect(locked.response.statusCode).toBe(401);
    expect(String(locked.response.headers['set-cookie'] ?? '')).not.toContain('admin_session');
    // Once the lock has passed, the right password works again.
    await ctx.db.adminLoginFailure.updateMany({
      where: { client: '198.51.100.1' },
      data: { lockedUntil: new Date(Date.now() - 1000) },
    });
    expect((await logIn('target@example.org', PASSWORD, '198.51.100.1')).response.statusCode).toBe(303);
  });
});

describe('item 8: NUL and CRLF in admin input', () => {
  it('answers 400 to q=a%00b in admin search', async () => {
    const { jar } = await logIn();
    expect((await app.inject({ url: '/admin/subscriptions?q=a%00b', cookies: jar })).statusCode).toBe(400);
    expect((await app.inject({ url: '/admin/suppressions?q=a%00b', cookies: jar })).statusCode).toBe(400);
  });

  it('answers 400 to CRLF in back= without doing the action', async () => {
    const { jar } = await logIn();
    const subscriber = await ctx.db.subscriber.create({ data: { email: 'crlf@example.org' } });
    const subscription = await ctx.db.subscription.create({ data: { subscriberId: subscriber.id, query: 'schools' } });
    const response = await app.inject({
      method: 'POST',
      url: `/admin/subscriptions/${subscription.id}/disable`,
      headers: FORM,
      cookies: jar,
      payload: form({ _csrf: await formToken(jar), back: '/admin/subscriptions?\r\nSet-Cookie: x=y' }),
    });
    expect(response.statusCode).toBe(400);
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).disabledAt).toBeNull();
    expect(await ctx.db.auditLog.count({ where: { targetId: subscription.id } })).toBe(0);
  });
});
