import type { FastifyInstance } from 'fastify';
import { deliverJobs } from '@alerts/queue';
import { createTestContext, FORM, form, queuedDelivery, seedQuestion, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp({ rateLimits: { signupPerMinute: 1000, pendingPerAddressPerHour: 3 } });
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
const confirmationJob = (subscriberId: string, subscriptionId: string) =>
  queuedDelivery(ctx, { job: deliverJobs.confirmation(subscriberId, subscriptionId) });

describe('GET /alerts/new', () => {
  it('prefills keywords from the question and offers its department and member as filters', async () => {
    const response = await app.inject('/alerts/new?question=1700001');
    expect(response.statusCode).toBe(200);
    // Suggestions from the question's distinctive words, each with its 30-day count; the first that finds anything is prefilled.
    expect(response.body).toContain('<h2 id="suggest-heading">Suggested alerts</h2>');
    expect(response.body).toMatch(
      /<a class="suggestion" href="\/alerts\/new\?question=1700001&amp;q=[^"]+" data-query="([^"]+)" aria-current="true"><code>\1<\/code> <span class="count">1 answer in the last 30 days/,
    );
    expect(response.body).toContain('name="department" value="Department for Education"');
    expect(response.body).toContain('Only questions asked or answered by Jane Example');
    expect(response.body).toContain('You will get: <strong>answers mentioning');
    // "Also tell me when such a question is asked": offered, unticked.
    expect(response.body).toContain(
      '<input type="checkbox" name="includeTabled" value="yes" aria-describedby="include-tabled-help"> Also tell me when such a question is asked (before it is answered)',
    );
  });

  it('describes a query live through /api/describe', async () => {
    const good = await app.inject('/api/describe?q=schools%20OR%20prisons');
    expect(good.json()).toEqual({ ok: true, description: expect.stringContaining('schools') });
    const bad = await app.inject('/api/describe?q=schools%20AND');
    expect(bad.json()).toMatchObject({ ok: false, position: expect.any(Number) });
  });
});

describe('POST /alerts/new', () => {
  it('stores a pending alert, queues the confirmation email and says to check email', async () => {
    const response = await signup({
      email: 'New.Person@Example.org',
      query: 'schools',
      department: 'Department for Education',
      label: 'Schools',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/alerts/check-email');
    const subscriber = await ctx.db.subscriber.findUniqueOrThrow({
      where: { email: 'new.person@example.org' },
      include: { subscriptions: true },
    });
    expect(subscriber.status).toBe('PENDING');
    expect(subscriber.subscriptions).toHaveLength(1);
    expect(subscriber.subscriptions[0]).toMatchObject({
      query: '(schools) department:"Department for Education"',
      frequency: 'DAILY',
      confirmedAt: null,
      label: 'Schools',
      includeTabled: false,
    });
    expect(await confirmationJob(subscriber.id, subscriber.subscriptions[0]!.id)).toBeDefined();
  });

  it('saves "also tell me when such a question is asked" when ticked, and keeps it ticked on a form with errors', async () => {
    expect(await signup({ email: 'campaigner@example.org', query: 'schools', includeTabled: 'yes' })).toMatchObject({
      statusCode: 303,
    });
    const [alert] = await ctx.db.subscription.findMany({ where: { subscriber: { email: 'campaigner@example.org' } } });
    expect(alert).toMatchObject({ query: 'schools', includeTabled: true });
    const bad = await signup({ email: 'campaigner@example.org', query: 'schools AND', includeTabled: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('name="includeTabled" value="yes" checked');
  });

  it('answers an existing address exactly like a new one, and emails its owner (no enumeration)', async () => {
    await ctx.db.subscriber.create({
      data: { email: 'existing@example.org', status: 'ACTIVE', confirmedAt: new Date() },
    });
    const existing = await signup({ email: 'existing@example.org', query: 'prisons' });
    const fresh = await signup({ email: 'brand-new@example.org', query: 'prisons' });
    expect(existing.statusCode).toBe(fresh.statusCode);
    expect(existing.headers.location).toBe(fresh.headers.location);
    expect(existing.body).toBe(fresh.body);
    const owner = await ctx.db.subscriber.findUniqueOrThrow({
      where: { email: 'existing@example.org' },
      include: { subscriptions: true },
    });
    expect(owner.status).toBe('ACTIVE');
    expect(await confirmationJob(owner.id, owner.subscriptions[0]!.id)).toBeDefined();
  });

  it('stops storing after the per-address limit but answers the same', async () => {
    for (let i = 0; i < 3; i++)
      expect((await signup({ email: 'busy@example.org', query: `word${i}` })).statusCode).toBe(303);
    const over = await signup({ email: 'busy@example.org', query: 'word9' });
    expect(over.statusCode).toBe(303);
    expect(over.headers.location).toBe('/alerts/check-email');
    expect(await ctx.db.subscription.count({ where: { subscriber: { email: 'busy@example.org' } } })).toBe(3);
  });

  it.each([
    ['a malformed query', { email: 'bad-query@example.org', query: 'schools AND' }, 'Problem at character'],
    ['an unbalanced quote', { email: 'bad-query@example.org', query: '"mental health' }, 'Problem at character'],
    ['an invalid email', { email: 'not-an-email', query: 'schools' }, 'Enter an email address like'],
    [
      'a header-injection attempt',
      { email: 'victim@example.org\r\nBcc: everyone@example.org', query: 'schools' },
      'Enter an email address like',
    ],
    ['an unknown frequency', { email: 'freq@example.org', query: 'schools', frequency: 'HOURLY' }, 'Choose how often'],
    [
      'a label with a line break',
      { email: 'label@example.org', query: 'schools', label: 'x\r\nSubject: hi' },
      'on one line',
    ],
  ])('refuses %s with 400 and stores nothing', async (_name, fields, message) => {
    const before = await ctx.db.subscription.count();
    const response = await signup(fields);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(message);
    expect(await ctx.db.subscription.count()).toBe(before);
    expect(
      await ctx.db.subscriber.count({
        where: {
          email: { in: ['bad-query@example.org', 'freq@example.org', 'label@example.org', 'victim@example.org'] },
        },
      }),
    ).toBe(0);
  });

  it('previews matches without storing anything', async () => {
    const before = await ctx.db.subscription.count();
    const response = await signup({ email: '', query: '"mental health"', action: 'preview' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/this alert would have sent you <strong>1<\/strong> of the 1 answers given/);
    expect(await ctx.db.subscription.count()).toBe(before);
  });

  it('describes an alert that also tells of askings as one of questions and answers, on the page and live', async () => {
    const page = await signup({ email: '', query: '"mental health"', includeTabled: 'yes', action: 'preview' });
    expect(page.body).toContain(
      'You will get: <strong>questions and answers mentioning &quot;mental health&quot;</strong>',
    );
    const live = await app.inject('/api/preview?q=%22mental%20health%22&askings=yes');
    expect(live.json()).toMatchObject({ ok: true, description: 'questions and answers mentioning "mental health"' });
    const plain = await app.inject('/api/preview?q=%22mental%20health%22');
    expect(plain.json()).toMatchObject({ ok: true, description: 'answers mentioning "mental health"' });
  });

  it('refuses an oversize body with 413', async () => {
    const response = await signup({ email: 'big@example.org', query: 'x'.repeat(20_000) });
    expect(response.statusCode).toBe(413);
    expect(await ctx.db.subscriber.count({ where: { email: 'big@example.org' } })).toBe(0);
  });

  it('rate-limits signups per IP with 429', async () => {
    const limited = await ctx.makeApp({ rateLimits: { signupPerMinute: 2 } });
    const post = () =>
      limited.inject({ method: 'POST', url: '/alerts/new', headers: FORM, payload: form({ email: 'x', query: 'y' }) });
    expect((await post()).statusCode).toBe(400);
    expect((await post()).statusCode).toBe(400);
    expect((await post()).statusCode).toBe(429);
  });
});
