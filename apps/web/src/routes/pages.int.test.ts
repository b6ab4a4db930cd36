import { createDevMailboxTransport } from '@alerts/email';
import type { FastifyInstance } from 'fastify';
import { cookieHeader, createTestContext, FORM, form, seedQuestion, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  await seedQuestion(ctx.db);
  await seedQuestion(ctx.db, {
    id: 1_700_002,
    heading: 'Prisons: Drugs',
    answeringBodyName: 'Ministry of Justice',
    answerHtml: '<p>Drug testing in prisons <script>alert(1)</script></p>',
    dateAnswered: new Date('2026-09-01T00:00:00Z'),
  });
});
afterAll(() => ctx.close());

describe('question page', () => {
  it('shows heading, department, members, dates, the answer and the alert link', async () => {
    const response = await app.inject('/questions/1700001');
    expect(response.statusCode).toBe(200);
    const body = response.body;
    expect(body).toContain('<h1>Schools: Mental Health Services</h1>');
    expect(body).toContain('Department for Education');
    expect(body).toContain('Asked by <a href="/members/4001">Jane Example</a> (Labour, Commons)');
    // No Members row: a link to the member on parliament.uk, never a made-up name or a bare number.
    expect(body).toContain(
      'Answered by a member whose name we do not hold (<a href="https://members.parliament.uk/member/4999/contact">see who on parliament.uk</a>)',
    );
    expect(body).not.toContain('Member 4999');
    expect(body).toContain('tabled 2 November 2026');
    expect(body).toContain('<strong>mental health</strong>');
    expect(body).toContain('<a class="cta" href="/alerts/new?question=1700001">Alert me about debates like this</a>');
    expect(body).toContain('Does this answer the above question?');
  });

  it('says a holding answer is not yet the answer, there and in the recent answers', async () => {
    await seedQuestion(ctx.db, {
      id: 1_700_050,
      heading: 'Prisons: Holding',
      answerHtml: '<p>I will reply as soon as possible.</p>',
      holding: true,
    });
    const page = (await app.inject('/questions/1700050')).body;
    expect(page).toContain('<strong>Holding answer.</strong> The department has replied that it needs more time');
    expect(page).toContain('<h2 id="answered">Holding answer</h2>');
    expect(page).not.toContain('Does this answer the above question?');
    const recent = (await app.inject('/answers')).body;
    expect(recent).toMatch(
      /Prisons: Holding<\/a><br><span class="meta">[^<]* · <span class="tag">Holding answer<\/span>/,
    );
    await ctx.db.question.delete({ where: { id: 1_700_050 } }); // the other tests count the seeded answers
  });

  it('says when we hold only the start of an answer, and links to the full text', async () => {
    await seedQuestion(ctx.db, {
      id: 1_700_051,
      heading: 'Wildlife: Crime',
      answerHtml: '<p>The Home Office funds the unit to help tackle these crimes. The National...</p>',
    });
    expect((await app.inject('/questions/1700051')).body).toContain(
      'We hold only the start of this answer. <a href="https://questions-statements.parliament.uk/written-questions/detail/2026-11-02/51">Read the full answer on parliament.uk</a>',
    );
    await ctx.db.question.delete({ where: { id: 1_700_051 } });
  });

  it('resolves member:"Name" and says when a name or department is unknown, with the nearest', async () => {
    const byName = await app.inject(`/search?q=${encodeURIComponent('member:"jane example"')}`);
    expect(byName.statusCode).toBe(200);
    expect(byName.body).toContain('Answers asked or answered by Jane Example: <strong>');
    const unknown = await app.inject(`/search?q=${encodeURIComponent('department:"Department for Educaton"')}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('No answers we hold come from &quot;Department for Educaton&quot;.');
    expect(unknown.body).toContain('<code>department:&quot;Department for Education&quot;</code>');
    await ctx.db.member.createMany({
      data: [
        { id: 4002, name: 'Jane Other', house: 'Lords' },
        { id: 4003, name: 'Jane Else' },
      ],
    });
    const ambiguous = await app.inject(`/search?q=${encodeURIComponent('member:"Jane"')}`);
    expect(ambiguous.body).toContain('&quot;Jane&quot; could be 3 members');
    expect(ambiguous.body).toContain('<li>Jane Other (Lords): <code>member:&quot;Jane Other&quot;</code></li>');
    await ctx.db.member.deleteMany({ where: { id: { in: [4002, 4003] } } });
  });

  it('returns 404 for unknown and malformed ids', async () => {
    expect((await app.inject('/questions/42')).statusCode).toBe(404);
    expect((await app.inject('/questions/abc')).statusCode).toBe(404);
    expect((await app.inject('/questions/99999999999999')).statusCode).toBe(404);
  });

  it('sends security headers: CSP without inline scripts, no framing', async () => {
    const response = await app.inject('/questions/1700001');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('votes', () => {
  it('stores one vote per browser, which it can change', async () => {
    const first = await app.inject({
      method: 'POST',
      url: '/questions/1700001/vote',
      headers: FORM,
      payload: form({ helpful: 'yes' }),
    });
    expect(first.statusCode).toBe(303);
    const cookies = cookieHeader(first.headers['set-cookie']);
    expect(cookies.voter).toBeDefined();
    const second = await app.inject({
      method: 'POST',
      url: '/questions/1700001/vote',
      headers: FORM,
      cookies,
      payload: form({ helpful: 'no' }),
    });
    expect(second.statusCode).toBe(303);
    const votes = await ctx.db.answerVote.findMany({ where: { questionId: 1_700_001 } });
    expect(votes).toHaveLength(1);
    expect(votes[0]!.helpful).toBe(false);
    // Another browser (a cookieless vote counts once per address, so from another address).
    await app.inject({
      method: 'POST',
      url: '/questions/1700001/vote',
      remoteAddress: '192.0.2.1',
      headers: FORM,
      payload: form({ helpful: 'yes' }),
    });
    const page = await app.inject({ url: '/questions/1700001', cookies });
    expect(page.body).toContain('Yes (1)');
    expect(page.body).toContain('No (1)');
    expect(page.body).toContain('You answered no');
  });

  it('refuses a bad answer or question with nothing stored', async () => {
    const before = await ctx.db.answerVote.count();
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/questions/1700001/vote',
          headers: FORM,
          payload: form({ helpful: 'maybe' }),
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/questions/42/vote',
          headers: FORM,
          payload: form({ helpful: 'yes' }),
        })
      ).statusCode,
    ).toBe(404);
    expect(await ctx.db.answerVote.count()).toBe(before);
  });
});

describe('recent answers and search', () => {
  it('lists recent answers newest first', async () => {
    const response = await app.inject('/answers');
    expect(response.statusCode).toBe(200);
    expect(response.body.indexOf('Schools: Mental Health Services')).toBeLessThan(
      response.body.indexOf('Prisons: Drugs'),
    );
    expect((await app.inject('/')).body).toContain('Prisons: Drugs');
  });

  it('searches with the alert language and previews the last 30 days', async () => {
    const response = await app.inject(`/search?q=${encodeURIComponent('prisons OR "mental health"')}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<strong>2</strong> found');
    // Each result shows where the words are, marked, and says whether that is the question or the answer.
    expect(response.body).toMatch(
      /<span class="snippet"><strong class="part">Answer:<\/strong> We are funding <mark>mental health<\/mark> support/,
    );
    // The window ends at the newest answer (10 November); the September answer is outside it.
    expect(response.body).toMatch(
      /Over the last 30 days \(12 October 2026 to 10 November 2026\), this alert would have sent you <strong>1<\/strong> of the 1 answers given/,
    );
    expect(response.body).toContain('href="/alerts/new?q=prisons%20OR%20%22mental%20health%22"');
    const filtered = await app.inject(`/search?q=${encodeURIComponent('department:"Ministry of Justice"')}`);
    expect(filtered.body).toContain('<strong>1</strong> found');
  });

  it('shows a malformed query with its position and 400', async () => {
    const response = await app.inject(`/search?q=${encodeURIComponent('schools AND (prisons')}`);
    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/Problem at character \d+/);
  });

  it('never renders a query as HTML', async () => {
    const response = await app.inject(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(response.body).not.toContain('<script>alert(1)</script>');
  });

  it('matches an answer changed since the last search (prepared answers are kept per contentHash)', async () => {
    const search = async () => (await app.inject(`/search?q=${encodeURIComponent('ombudsman')}`)).body;
    expect(await search()).toContain('<strong>0</strong> found');
    await ctx.db.question.update({
      where: { id: 1_700_002 },
      data: { answerHtml: '<p>The prisons ombudsman will review drug testing.</p>', contentHash: 'hash-1700002-v2' },
    });
    expect(await search()).toContain('<strong>1</strong> found');
  });
});

describe('dev mailbox', () => {
  it('lists stored emails and shows each, with its links', async () => {
    const transport = createDevMailboxTransport({ dir: ctx.mailboxDir });
    await transport.send({
      from: 'alerts@example.org',
      to: 'reader@example.org',
      subject: 'Confirm your alert',
      html: '<p>Confirm: <a href="http://alerts.test/confirm/abc">here</a></p>',
      text: 'Confirm: http://alerts.test/confirm/abc',
      headers: {},
      envelope: { from: 'alerts@example.org', to: 'reader@example.org' },
      messageId: '<1@example.org>',
    });
    const list = await app.inject('/dev/mailbox');
    expect(list.statusCode).toBe(200);
    const id = /href="\/dev\/mailbox\/([\w-]+)"/.exec(list.body)?.[1];
    expect(id).toBeDefined();
    const message = await app.inject(`/dev/mailbox/${id}`);
    expect(message.body).toContain('Confirm your alert');
    expect(message.body).toContain('href="http://alerts.test/confirm/abc"');
    const rendered = await app.inject(`/dev/mailbox/${id}/html`);
    expect(rendered.headers['content-security-policy']).toContain('sandbox');
    expect((await app.inject('/dev/mailbox/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
  });
});

describe('ops endpoints', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
  });

  it('exposes Prometheus metrics', async () => {
    await ctx.queues.enqueueDeliveries([{ deliveryId: 'dlv-metrics-test', dispatch: 0 }]);
    const response = await app.inject('/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/alerts_queue_jobs\{queue="alerts-deliver",state="waiting"\} 1/);
    expect(response.body).toContain('alerts_matches 0');
    expect(response.body).toContain('alerts_ingest_lag_seconds -1');
    expect(response.body).toContain('alerts_ingest_quarantined_records{source="parliament"} 0');
    // Resolved rows are not counted: only what is still being retried.
    const failed = { reason: 'detail returned HTTP 500 after 6 attempts', nextRetryAt: new Date() };
    await ctx.db.quarantinedRecord.createMany({
      data: [
        { source: 'parliament', recordId: '1', ...failed },
        { source: 'parliament', recordId: '2', ...failed },
        { source: 'parliament', recordId: '3', ...failed, resolvedAt: new Date() },
      ],
    });
    expect((await app.inject('/metrics')).body).toContain('alerts_ingest_quarantined_records{source="parliament"} 2');
    await ctx.db.quarantinedRecord.deleteMany();
  });
});
