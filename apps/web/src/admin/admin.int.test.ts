import type { FastifyInstance } from 'fastify';
import { cookieHeader, createTestContext, FORM, form, seedQuestion, type TestContext } from '../../test/test-app';
import { recordBounceReports } from '@alerts/delivery';
import { hashPassword } from '@alerts/tokens';

let ctx: TestContext;
let app: FastifyInstance;
let adminId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  adminId = (
    await ctx.db.adminUser.create({
      data: { email: 'admin@example.org', passwordHash: await hashPassword('correct horse battery staple') },
    })
  ).id;
  for (let i = 0; i < 30; i++) {
    const subscriber = await ctx.db.subscriber.create({
      data: { email: `person${String(i).padStart(2, '0')}@example.org`, status: i % 2 ? 'ACTIVE' : 'PENDING' },
    });
    await ctx.db.subscription.create({
      data: {
        subscriberId: subscriber.id,
        query: i === 7 ? 'department:"Home Office"' : `topic${i}`,
        frequency: i % 3 ? 'DAILY' : 'WEEKLY',
        confirmedAt: i % 2 ? new Date() : null,
      },
    });
  }
});
afterAll(() => ctx.close());

/** Log in through the form, returning the cookie jar (session + CSRF) and the session's CSRF token. */
async function logIn() {
  const page = await app.inject('/admin/login');
  let jar = cookieHeader(page.headers['set-cookie']);
  const response = await app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: FORM,
    cookies: jar,
    payload: form({ _csrf: jar.csrf!, email: 'admin@example.org', password: 'correct horse battery staple' }),
  });
  expect(response.statusCode).toBe(303);
  jar = cookieHeader(response.headers['set-cookie'], jar);
  // Once logged in, forms carry a token tied to the session (not the login form's cookie value).
  const dashboard = await app.inject({ url: '/admin', cookies: jar });
  const csrf = dashboard.body.match(/name="_csrf" value="([^"]+)"/)![1]!;
  return { jar, csrf };
}

describe('without a session', () => {
  it.each(['/admin', '/admin/subscriptions', '/admin/suppressions', '/admin/audit', '/admin/queues'])(
    'GET %s sends a browser to the login page',
    async (url) => {
      const response = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/admin/login');
    },
  );

  it.each(['/admin', '/admin/queues/api/queues'])('GET %s is 401 for anything but a browser page', async (url) => {
    expect((await app.inject({ url, headers: { accept: 'application/json' } })).statusCode).toBe(401);
  });

  it('refuses admin actions (401) and changes nothing', async () => {
    const subscription = await ctx.db.subscription.findFirstOrThrow();
    const response = await app.inject({
      method: 'POST',
      url: `/admin/subscriptions/${subscription.id}/delete`,
      headers: FORM,
      payload: form({ _csrf: 'x' }),
    });
    expect(response.statusCode).toBe(401);
    expect(await ctx.db.subscription.count({ where: { id: subscription.id } })).toBe(1);
  });

  it('refuses a forged session cookie', async () => {
    expect(
      (
        await app.inject({
          url: '/admin',
          headers: { accept: 'application/json' },
          cookies: { admin_session: `${adminId}.9999999999.forged` },
        })
      ).statusCode,
    ).toBe(401);
  });
});

describe('login', () => {
  it('needs the CSRF token', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: FORM,
      payload: form({ email: 'admin@example.org', password: 'correct horse battery staple' }),
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const page = await app.inject('/admin/login');
    const jar = cookieHeader(page.headers['set-cookie']);
    const response = await app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: FORM,
      cookies: jar,
      payload: form({ _csrf: jar.csrf!, email: 'admin@example.org', password: 'wrong' }),
    });
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('do not match an administrator');
    expect(String(response.headers['set-cookie'] ?? '')).not.toContain('admin_session');
  });

  it('logs in and shows the dashboard with stats', async () => {
    const { jar } = await logIn();
    const response = await app.inject({ url: '/admin', cookies: jar });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Logged in as admin@example.org');
    expect(response.body).toContain('<li><strong>10</strong> weekly digest</li>');
    expect(response.body).toContain('<li><strong>1</strong> limited to a department</li>');
    expect(response.body).not.toMatch(/WEEKLY|IMMEDIATE|PENDING/);
    expect((await ctx.db.adminUser.findUniqueOrThrow({ where: { id: adminId } })).lastLoginAt).not.toBeNull();
    expect(response.body).toContain('<strong>0</strong> quarantined records that ingestion could not store');
    expect(response.body).toContain('None: every record fetched was stored.');
  });

  it('lists the records ingestion quarantined and still retries, with why and when next, linked to Parliament', async () => {
    const { jar } = await logIn();
    const at = (iso: string) => new Date(iso);
    // An earlier version of this one is stored, so its page on parliament.uk is known.
    const stored = await seedQuestion(ctx.db, { id: 1_725_455 });
    await ctx.db.quarantinedRecord.createMany({
      data: [
        {
          source: 'parliament',
          recordId: '1726004',
          reason: 'detail returned HTTP 500 after 6 attempts',
          attempts: 3,
          firstFailedAt: at('2026-12-04T09:00:00Z'),
          nextRetryAt: at('2026-12-04T10:10:00Z'),
        },
        {
          source: 'parliament',
          recordId: '1725816',
          reason: 'dateTabled: expected a date like <2024-08-29T00:00:00>',
          firstFailedAt: at('2026-12-04T09:30:00Z'),
          nextRetryAt: at('2026-12-04T09:40:00Z'),
        },
        {
          source: 'parliament',
          recordId: '99',
          reason: 'fixed since',
          nextRetryAt: at('2026-12-04T09:40:00Z'),
          resolvedAt: at('2026-12-04T09:41:00Z'),
        },
        {
          source: 'parliament',
          recordId: String(stored.id),
          reason: 'uin: expected string',
          firstFailedAt: at('2026-12-04T09:45:00Z'),
          nextRetryAt: at('2026-12-04T09:55:00Z'),
        },
      ],
    });
    try {
      const body = (await app.inject({ url: '/admin', cookies: jar })).body;
      expect(body).toContain(`<strong>3</strong> quarantined records that ingestion could not store`);
      expect(body).toContain(
        '<tr><td><a href="https://questions-statements-api.parliament.uk/api/writtenquestions/questions/1726004">1726004</a></td><td>parliament</td>' +
          '<td>detail returned HTTP 500 after 6 attempts</td><td>3</td><td>2026-12-04 09:00 UTC</td><td>2026-12-04 10:10 UTC</td></tr>',
      );
      expect(body).toContain('dateTabled: expected a date like &lt;2024-08-29T00:00:00&gt;'); // upstream text, escaped
      expect(body).not.toContain('fixed since'); // resolved
      expect(body).toContain(
        '<br><a href="https://questions-statements.parliament.uk/written-questions/detail/2026-11-02/25455">on parliament.uk</a>',
      );
    } finally {
      await ctx.db.quarantinedRecord.deleteMany();
      await ctx.db.question.delete({ where: { id: stored.id } });
    }
  });
});

describe('subscriptions', () => {
  it('searches, filters and paginates', async () => {
    const { jar } = await logIn();
    const all = await app.inject({ url: '/admin/subscriptions', cookies: jar });
    expect(all.body).toContain('30 subscriptions.');
    expect(all.body).toContain('Next →');
    const page2 = await app.inject({ url: '/admin/subscriptions?page=2', cookies: jar });
    expect((page2.body.match(/<tr><td>person/g) ?? []).length).toBe(5);
    const search = await app.inject({ url: '/admin/subscriptions?q=person07', cookies: jar });
    expect(search.body).toContain('1 subscription.');
    expect(search.body).toContain('department:&quot;Home Office&quot;');
    // A member alert shows the member by name (a query that still reads back), not by number.
    await ctx.db.member.upsert({ where: { id: 4001 }, create: { id: 4001, name: 'Jane Example' }, update: {} });
    const member = await ctx.db.subscription.create({
      data: { subscriber: { create: { email: 'member-admin@example.org' } }, query: 'member:4001', frequency: 'DAILY' },
    });
    const named = await app.inject({ url: '/admin/subscriptions?q=member-admin', cookies: jar });
    expect(named.body).toContain('<code>member:&quot;Jane Example&quot;</code>');
    await ctx.db.subscriber.delete({ where: { id: member.subscriberId } });
    const filtered = await app.inject({ url: '/admin/subscriptions?state=pending&frequency=WEEKLY', cookies: jar });
    expect(filtered.body).toContain('5 subscriptions.');
    // "Also tell me when such a question is asked": a filter box, unticked by default, and a note on such alerts.
    expect(all.body).toContain('<input type="checkbox" name="tabled" value="yes"> Only alerts with');
    const one = await ctx.db.subscription.findFirstOrThrow({
      where: { subscriber: { email: 'person07@example.org' } },
      select: { id: true },
    });
    await ctx.db.subscription.update({ where: { id: one.id }, data: { includeTabled: true } });
    const tabled = await app.inject({ url: '/admin/subscriptions?tabled=yes', cookies: jar });
    expect(tabled.body).toContain('1 subscription.');
    expect(tabled.body).toContain('person07');
    expect(tabled.body).toContain('also when asked');
    expect(tabled.body).toContain('name="tabled" value="yes" checked');
    expect((await app.inject({ url: '/admin', cookies: jar })).body).toContain(
      '<strong>1</strong> alert also tells of matching questions when they are asked',
    );
    await ctx.db.subscription.update({ where: { id: one.id }, data: { includeTabled: false } });
  });

  it('counts as active exactly the alerts that may receive mail; a suppressed address is blocked', async () => {
    const { jar } = await logIn();
    // 15 confirmed alerts of ACTIVE subscribers; suppress one of their addresses.
    expect((await app.inject({ url: '/admin/subscriptions?state=active', cookies: jar })).body).toContain(
      '15 subscriptions.',
    );
    await ctx.db.suppression.create({ data: { email: 'person01@example.org', reason: 'MANUAL' } });
    try {
      expect((await app.inject({ url: '/admin/subscriptions?state=active', cookies: jar })).body).toContain(
        '14 subscriptions.',
      );
      const blocked = await app.inject({ url: '/admin/subscriptions?state=blocked', cookies: jar });
      expect(blocked.body).toContain('1 subscription.');
      expect(blocked.body).toContain('person01@example.org');
    } finally {
      await ctx.db.suppression.delete({ where: { email: 'person01@example.org' } });
    }
  });

  it('refuses an action without the CSRF token (403) and changes nothing', async () => {
    const { jar } = await logIn();
    const subscription = await ctx.db.subscription.findFirstOrThrow({ where: { disabledAt: null } });
    const response = await app.inject({
      method: 'POST',
      url: `/admin/subscriptions/${subscription.id}/disable`,
      headers: FORM,
      cookies: jar,
      payload: form({}),
    });
    expect(response.statusCode).toBe(403);
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).disabledAt).toBeNull();
  });

  it('disables, enables, deletes and resends, each in the audit log', async () => {
    const { jar, csrf } = await logIn();
    const target = await ctx.db.subscription.findFirstOrThrow({
      where: { subscriber: { email: 'person04@example.org' } },
    });
    const post = (url: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: FORM,
        cookies: jar,
        payload: form({ _csrf: csrf, back: '/admin/subscriptions?q=person04' }),
      });

    const disabled = await post(`/admin/subscriptions/${target.id}/disable`);
    expect(disabled.statusCode).toBe(303);
    expect(disabled.headers.location).toBe('/admin/subscriptions?q=person04');
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: target.id } })).disabledAt).not.toBeNull();
    await post(`/admin/subscriptions/${target.id}/enable`);
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: target.id } })).disabledAt).toBeNull();
    await post(`/admin/subscribers/${target.subscriberId}/resend`);
    // The confirmation is owed in the ledger (a PENDING row) and its job queued.
    const owed = await ctx.db.delivery.findMany({
      where: { kind: 'CONFIRMATION', subscriberId: target.subscriberId, status: 'PENDING' },
    });
    expect(owed).toHaveLength(1);
    const jobs = await ctx.queues.deliver.getJobs(['waiting']);
    expect(jobs.some((job) => job.data.deliveryId === owed[0]!.id)).toBe(true);
    await post(`/admin/subscriptions/${target.id}/delete`);
    expect(await ctx.db.subscription.count({ where: { id: target.id } })).toBe(0);
    expect((await post(`/admin/subscriptions/${target.id}/delete`)).statusCode).toBe(404);

    const log = await ctx.db.auditLog.findMany({ where: { adminUserId: adminId }, orderBy: { id: 'asc' } });
    expect(log.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        'subscription.disable',
        'subscription.enable',
        'subscriber.resend_confirmation',
        'subscription.delete',
      ]),
    );
    const page = await app.inject({ url: '/admin/audit', cookies: jar });
    expect(page.body).toContain('subscription.disable');
    expect(page.body).toContain('person04@example.org');
  });
});

describe('suppressions', () => {
  it('adds and removes addresses, audited; refuses a bad address with 400', async () => {
    const { jar, csrf } = await logIn();
    const add = await app.inject({
      method: 'POST',
      url: '/admin/suppressions',
      headers: FORM,
      cookies: jar,
      payload: form({ _csrf: csrf, email: 'Bounced@Example.org', detail: 'hard bounce' }),
    });
    expect(add.statusCode).toBe(303);
    expect(await ctx.db.suppression.findUnique({ where: { email: 'bounced@example.org' } })).toMatchObject({
      reason: 'MANUAL',
      detail: 'hard bounce',
    });
    expect((await app.inject({ url: '/admin/suppressions', cookies: jar })).body).toContain('bounced@example.org');
    const bad = await app.inject({
      method: 'POST',
      url: '/admin/suppressions',
      headers: FORM,
      cookies: jar,
      payload: form({ _csrf: csrf, email: 'x\r\nBcc: y@z.org' }),
    });
    expect(bad.statusCode).toBe(400);
    const remove = await app.inject({
      method: 'POST',
      url: '/admin/suppressions/remove',
      headers: FORM,
      cookies: jar,
      payload: form({ _csrf: csrf, email: 'bounced@example.org' }),
    });
    expect(remove.statusCode).toBe(303);
    expect(await ctx.db.suppression.count()).toBe(0);
    expect(await ctx.db.auditLog.count({ where: { action: { in: ['suppression.add', 'suppression.remove'] } } })).toBe(
      2,
    );
  });

  it('shows each suppression with its reason and the reports behind it; lifting one is audited, needs the CSRF token, and restarts the soft count', async () => {
    const { jar, csrf } = await logIn();
    const policy = { limit: 3, minSpanMs: 72 * 3600_000, windowMs: 30 * 86_400_000 };
    const soft = (hoursAgo: number) =>
      recordBounceReports(
        ctx.db,
        [
          {
            email: 'full@example.org',
            kind: 'soft',
            channel: 'smtp',
            format: 'dsn',
            status: '4.2.2',
            diagnostic: '452 4.2.2 Mailbox full <script>',
            evidence: `Action: delayed\nFinal-Recipient: rfc822; full@example.org\nStatus: 4.2.2 (${hoursAgo})`,
            dedupeKey: `admin-test-${hoursAgo}`,
          },
        ],
        { policy, now: new Date(Date.now() - hoursAgo * 3600_000) },
      );
    for (const hoursAgo of [80, 40, 1]) await soft(hoursAgo);
    const page = (await app.inject({ url: '/admin/suppressions', cookies: jar })).body;
    const row = page.slice(
      page.indexOf('<tr data-email="full@example.org">'),
      page.indexOf('</tr>', page.indexOf('<tr data-email="full@example.org">')),
    );
    expect(row).toContain('SOFT_BOUNCES');
    expect(row).toContain('3 reports (soft, soft, soft)');
    expect(row).toContain('Caused this suppression: soft by smtp (dsn)');
    expect(row).toContain('Final-Recipient: rfc822; full@example.org');
    expect(row).toContain('Mailbox full &lt;script&gt;');

    const forged = await app.inject({
      method: 'POST',
      url: '/admin/suppressions/remove',
      headers: FORM,
      cookies: jar,
      payload: form({ email: 'full@example.org' }),
    });
    expect(forged.statusCode).toBe(403);
    expect(await ctx.db.suppression.count({ where: { email: 'full@example.org' } })).toBe(1);

    const lift = await app.inject({
      method: 'POST',
      url: '/admin/suppressions/remove',
      headers: FORM,
      cookies: jar,
      payload: form({ _csrf: csrf, email: 'full@example.org' }),
    });
    expect(lift.statusCode).toBe(303);
    expect(await ctx.db.suppression.count({ where: { email: 'full@example.org' } })).toBe(0);
    expect(
      await ctx.db.auditLog.findFirst({ where: { action: 'suppression.remove', targetId: 'full@example.org' } }),
    ).toMatchObject({ adminUserId: adminId, detail: { reason: 'SOFT_BOUNCES' } });
    expect(await ctx.db.bounceEvent.count({ where: { email: 'full@example.org' } })).toBe(3);
    // The next soft bounce starts a new count instead of suppressing again at once.
    await soft(0);
    expect(await ctx.db.suppression.count({ where: { email: 'full@example.org' } })).toBe(0);
  });
});

describe('queue dashboard', () => {
  it('loads for a logged-in admin', async () => {
    const { jar } = await logIn();
    const page = await app.inject({ url: '/admin/queues', cookies: jar });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Parliament Alerts');
    const api = await app.inject({ url: '/admin/queues/api/queues', cookies: jar });
    expect(api.statusCode).toBe(200);
    expect(api.json<{ queues: { name: string }[] }>().queues.map((q) => q.name)).toEqual(
      expect.arrayContaining(['alerts-deliver', 'alerts-match-p0', 'alerts-match-p3']),
    );
  });
});

describe('workers on the dashboard', () => {
  it("lists each role's instances with their last beat, marks stale ones, and warns of a role with no live instance", async () => {
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    await ctx.db.workerHeartbeat.createMany({
      data: [
        { id: 'mailer:box-1:101', role: 'mailer', host: 'box-1', pid: 101, startedAt: ago(600), beatAt: ago(3) },
        { id: 'mailer:box-2:102', role: 'mailer', host: 'box-2', pid: 102, startedAt: ago(900), beatAt: ago(300) },
        {
          id: 'matcher:<b>box</b>:103',
          role: 'matcher',
          host: '<b>box</b>',
          pid: 103,
          startedAt: ago(900),
          beatAt: ago(120),
        },
      ],
    });
    try {
      const { jar } = await logIn();
      const body = (await app.inject({ url: '/admin', cookies: jar })).body;
      expect(body).toContain('<strong>mailer</strong>: 1 live instance, <strong>1 stale</strong>');
      expect(body).toMatch(/<li>box-1, pid 101, started [\d-]+ [\d:]+ UTC, last beat \d+ s ago<\/li>/);
      expect(body).toMatch(
        /<li class="error">STALE: box-2, pid 102, started [^<]*, last beat 5 min ago \(no beat for over 60 s/,
      );
      expect(body).toContain('<strong>matcher</strong>: 0 live instances, <strong>1 stale</strong>');
      expect(body).toContain('&lt;b&gt;box&lt;/b&gt;, pid 103');
      expect(body).toContain(
        'No live matcher: new answers are not matched to alerts. Its last instances stopped beating.',
      );
      expect(body).toContain(
        'No live scheduler: no ingest, digest or sweep is enqueued. None has beaten in the last day.',
      );
      expect(body).not.toContain('No live mailer');
    } finally {
      await ctx.db.workerHeartbeat.deleteMany();
    }
  });
});
