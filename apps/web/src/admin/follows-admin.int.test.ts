import { sqlPoolOf } from '@alerts/db';
import type { FastifyInstance } from 'fastify';
import { logInAsAdmin } from '../../test/admin-login';
import { createTestContext, seedQuestion, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;
let jar: Record<string, string>;

/** SQL statements sent to PostgreSQL while `work` runs (every query of the app's client goes through this pool). */
async function statementsDuring(work: () => Promise<unknown>): Promise<number> {
  const pool = sqlPoolOf(ctx.db);
  let count = 0;
  const counted = new WeakSet<object>();
  const onAcquire = (client: { query: (...args: unknown[]) => unknown }) => {
    if (counted.has(client)) return;
    counted.add(client);
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      count++;
      return query(...args);
    };
  };
  pool.on('acquire', onAcquire);
  try {
    const before = count;
    await work();
    return count - before;
  } finally {
    pool.off('acquire', onAcquire);
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  jar = await logInAsAdmin(app, ctx.db);
  await seedQuestion(ctx.db, { id: 1_700_001, heading: 'Schools: Mental Health Services' });
  await ctx.db.question.create({
    data: {
      id: 1937695,
      uin: '26882',
      house: 'Commons',
      state: 'UNANSWERED',
      questionText:
        'To ask the Secretary of State for Health and Social Care, if she intends double the number of medical school places.',
      dateTabled: new Date('2026-09-02T00:00:00Z'),
      askingMemberId: 4001,
      raw: {},
      contentHash: 'h',
    },
  });
});
afterAll(() => ctx.close());

describe('/admin/follows', () => {
  it('is for admins only', async () => {
    expect((await app.inject({ url: '/admin/follows', headers: { accept: 'text/html' } })).headers.location).toBe(
      '/admin/login',
    );
  });

  it('lists each follow with its question, follower, state and since when, newest first; filters by question, state and address', async () => {
    const follower = (email: string) => ctx.db.subscriber.create({ data: { email, status: 'ACTIVE' } });
    const at = (iso: string) => new Date(iso);
    await ctx.db.follow.create({
      data: {
        subscriberId: (await follower('ann@example.org')).id,
        questionId: 1937695,
        createdAt: at('2026-09-02T10:15:00Z'),
        confirmedAt: at('2026-09-02T10:20:00Z'),
      },
    });
    await ctx.db.follow.create({
      data: {
        subscriberId: (await follower('bob@example.org')).id,
        questionId: 1937695,
        createdAt: at('2026-09-03T08:00:00Z'),
      },
    });
    await ctx.db.follow.create({
      data: {
        subscriberId: (await follower('cy@example.org')).id,
        questionId: 1_700_001,
        createdAt: at('2026-09-01T09:00:00Z'),
        confirmedAt: at('2026-09-01T09:05:00Z'),
        endedAt: at('2026-10-01T07:00:00Z'),
      },
    });

    const page = await app.inject({ url: '/admin/follows', cookies: jar });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/admin/follows">Follows</a>'); // in the admin navigation
    expect(page.body).toContain('<p>3 follows.</p>');
    const rows = page.body.match(/<tr><td>[\s\S]*?<\/tr>/g)!;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('bob@example.org');
    expect(rows[0]).toContain(
      '<a href="/questions/1937695">Commons question 26882 (“To ask the Secretary of State for Health and Social Care, if she intends double the number of medical school places.”)</a>',
    );
    expect(rows[0]).toContain('<td>waiting for confirmation</td>');
    expect(rows[0]).toContain('<td>asked <span class="nowrap">2026-09-03</span> 08:00 UTC</td>');
    expect(rows[1]).toContain('ann@example.org');
    expect(rows[1]).toContain('<td>following</td>');
    expect(rows[1]).toContain(
      '<td>asked <span class="nowrap">2026-09-02</span> 10:15 UTC<br>confirmed <span class="nowrap">2026-09-02</span> 10:20 UTC</td>',
    );
    expect(rows[2]).toContain('Commons question 1 (Schools: Mental Health Services)');
    expect(rows[2]).toContain('<td>ended</td>');
    expect(rows[2]).toContain('ended <span class="nowrap">2026-10-01</span> 07:00 UTC');

    const ofQuestion = (await app.inject({ url: '/admin/follows?question=1937695', cookies: jar })).body;
    expect(ofQuestion).toContain('2 follows of question 1937695');
    expect(ofQuestion).not.toContain('cy@example.org');
    const following = (await app.inject({ url: '/admin/follows?state=following', cookies: jar })).body;
    expect(following).toContain('<p>1 follow.</p>');
    expect(following).toContain('ann@example.org');
    expect((await app.inject({ url: '/admin/follows?q=BOB', cookies: jar })).body).toContain('<p>1 follow.</p>');
  });

  it('pages 25 at a time with the same few statements however many rows it shows (no query per row)', async () => {
    const few = await statementsDuring(() => app.inject({ url: '/admin/follows?question=1937695', cookies: jar }));
    for (let i = 0; i < 30; i++) {
      const { id } = await ctx.db.subscriber.create({
        data: { email: `many${String(i).padStart(2, '0')}@example.org` },
      });
      await ctx.db.follow.create({
        data: { subscriberId: id, questionId: 1_700_001, createdAt: new Date(Date.UTC(2026, 9, 1, 0, i)) },
      });
    }
    let body = '';
    const many = await statementsDuring(async () => {
      body = (await app.inject({ url: '/admin/follows?question=1700001', cookies: jar })).body;
    });
    expect(body.match(/<tr><td>/g)).toHaveLength(25);
    expect(body).toContain('href="/admin/follows?q=&amp;question=1700001&amp;state=&amp;page=2">Older →</a>');
    expect(few).toBeGreaterThanOrEqual(3); // the count, the follows and their relations (and the session check)
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(6);
    const second = (await app.inject({ url: '/admin/follows?question=1700001&page=2', cookies: jar })).body;
    expect(second.match(/<tr><td>/g)).toHaveLength(6); // 30 new and cy's
  });
});
