import { prepareConfirmation } from '@alerts/subscriptions';
import type { FastifyInstance } from 'fastify';
import { deliverJobs } from '@alerts/queue';
import { createTestContext, FORM, form, queuedDelivery, seedQuestion, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  // A tabled question as the ingester stores one (the bundled sample's 1937695, UIN 26882).
  await ctx.db.question.create({
    data: {
      id: 1937695,
      uin: '26882',
      house: 'Commons',
      state: 'UNANSWERED',
      isNamedDay: true,
      questionText:
        'To ask the Secretary of State for Health and Social Care, if she intends double the number of medical school places.',
      dateTabled: new Date('2026-09-02T00:00:00Z'),
      dateForAnswer: new Date('2026-09-07T00:00:00Z'),
      askingMemberId: 4001,
      answeringBodyId: null,
      answeringBodyName: 'Department of Health and Social Care',
      raw: {},
      contentHash: 'h',
    },
  });
});
afterAll(() => ctx.close());

describe('tabled questions and following them', () => {
  it('/questions/:id shows a tabled question with its due date, named-day flag, state and the follow form', async () => {
    const page = await app.inject('/questions/1937695');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('due for answer 7 September 2026');
    expect(page.body).toContain('named day');
    expect(page.body).toContain('Not yet answered');
    expect(page.body).toContain('action="/questions/1937695/follow"');
    expect(page.body).toContain('Email me when this is answered');
  });

  it('on a question still waiting, following it is the first and only primary action, above the alert suggestion', async () => {
    const body = (await app.inject('/questions/1937695')).body;
    const main = body.slice(body.indexOf('<main'));
    const follow = main.indexOf('<h2 id="follow-heading">Follow this question</h2>');
    const button = main.indexOf('<button type="submit" class="primary">Email me when this is answered</button>');
    const alert = main.indexOf('href="/alerts/new?question=1937695"');
    expect(follow).toBeGreaterThan(0);
    expect(button).toBeGreaterThan(follow);
    expect(alert).toBeGreaterThan(button);
    // The first button on the page is the follow button, and no other action is styled as the main one.
    expect(main.indexOf('<button')).toBe(button);
    expect(main.match(/class="(primary|cta)"/g)).toEqual(['class="primary"']);
    expect(body).toContain('<a href="/alerts/new?question=1937695">Alert me about debates like this</a>');
  });

  it('links /tabled from the home page and from every question page', async () => {
    expect((await app.inject('/')).body).toContain('<a href="/tabled">Questions waiting for an answer</a>');
    expect((await app.inject('/questions/1937695')).body).toContain(
      '<a href="/tabled">Questions still waiting for an answer</a>',
    );
    await seedQuestion(ctx.db, { id: 1_700_001 });
    const answered = (await app.inject('/questions/1700001')).body;
    expect(answered).toContain('<a href="/tabled">Questions still waiting for an answer</a>');
    // An answered question keeps the alert as its main action, and offers no follow form.
    expect(answered).toContain(
      '<a class="cta" href="/alerts/new?question=1700001">Alert me about debates like this</a>',
    );
    expect(answered).not.toContain('Follow this question');
  });

  it('/tabled lists questions still waiting for an answer', async () => {
    const page = await app.inject('/tabled');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/questions/1937695"');
    expect(page.body).toContain('due for answer by 7 September 2026 · named day · Not yet answered');
  });

  it('following: double opt-in email job, then listed on the manage page, then stop following', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/questions/1937695/follow',
      headers: FORM,
      payload: form({ email: 'Reader@Example.org' }),
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/follows/check-email?question=1937695');
    // The page after asking names the question (it has no heading yet: by the start of its words).
    const name =
      'Commons question 26882 (“To ask the Secretary of State for Health and Social Care, if she intends double the number of medical school places.”)';
    const checkEmail = (await app.inject(response.headers.location as string)).body;
    expect(checkEmail).toContain(
      `You asked us to email you when this question is answered: <a href="/questions/1937695">${name}</a>.`,
    );
    expect((await app.inject('/follows/check-email?question=99999999999')).body).toContain(
      'If this address is not already following the question',
    );
    const follow = await ctx.db.follow.findFirstOrThrow({ include: { subscriber: true } });
    expect(follow).toMatchObject({
      questionId: 1937695,
      confirmedAt: null,
      subscriber: { email: 'reader@example.org' },
    });
    expect(
      await queuedDelivery(ctx, { job: deliverJobs.followConfirmation(follow.subscriberId, follow.id) }),
    ).toBeDefined();

    // Asking again changes nothing and answers the same.
    const again = await app.inject({
      method: 'POST',
      url: '/questions/1937695/follow',
      headers: FORM,
      payload: form({ email: 'reader@example.org' }),
    });
    expect(again.headers.location).toBe('/follows/check-email?question=1937695');
    expect(await ctx.db.follow.count()).toBe(1);

    // The confirmation link confirms the follow, named as such.
    const request = await prepareConfirmation(ctx.db, {
      subscriberId: follow.subscriberId,
      dedupeKey: 'confirmation-job',
    }); // as the mailer does
    expect(request?.follows).toEqual([name]);
    const confirm = `/confirm/${ctx.signer.sign({ purpose: 'confirm', subject: request!.id, version: 0 })}`;
    const waiting = (await app.inject(confirm)).body;
    expect(waiting).toContain(
      'You have 1 question to follow waiting for confirmation, for <strong>reader@example.org</strong>.',
    );
    expect(waiting).toContain(`<a href="/questions/1937695">${name}</a>: email me when it is answered`);
    const confirmed = (await app.inject({ method: 'POST', url: confirm })).body;
    expect(confirmed).toContain('You are now following 1 question: we will email you when it is answered.');
    // Which address, and what exactly was confirmed.
    expect(confirmed).toContain('<p>Confirmed for <strong>reader@example.org</strong>:</p>');
    expect(confirmed).toContain(`<li>Following <a href="/questions/1937695">${name}</a></li>`);
    expect((await ctx.db.follow.findUniqueOrThrow({ where: { id: follow.id } })).confirmedAt).not.toBeNull();
    const token = ctx.signer.sign({ purpose: 'manage', subject: follow.subscriberId, version: 0 });
    const manage = await app.inject(`/manage/${token}`);
    expect(manage.body).toContain('Questions you follow');
    expect(manage.body).toContain('href="/questions/1937695"');
    expect(manage.body).toContain('following');
    // A follower's page lists their follows first, then their alerts.
    await ctx.db.subscription.create({
      data: {
        subscriberId: follow.subscriberId,
        query: 'medical school',
        label: 'Doctors',
        frequency: 'DAILY',
        confirmedAt: new Date(),
      },
    });
    const both = (await app.inject(`/manage/${token}`)).body;
    expect(both).toContain('<h1>Your followed questions and alerts</h1>');
    const at = (text: string) => both.indexOf(text);
    expect(at('<h2 id="follows">Questions you follow</h2>')).toBeGreaterThan(0);
    expect(at('<h2 id="alerts">Your alerts</h2>')).toBeGreaterThan(at('<h2 id="follows">Questions you follow</h2>'));
    expect(at('>Doctors</h2>')).toBeGreaterThan(at('<h2 id="alerts">Your alerts</h2>'));
    await ctx.db.subscription.deleteMany({ where: { subscriberId: follow.subscriberId } });

    const stop = await app.inject({ method: 'POST', url: `/manage/${token}/follows/${follow.id}/delete` });
    expect(stop.statusCode).toBe(303);
    expect(await ctx.db.follow.count()).toBe(0);
    // With no follows, the page is about alerts alone.
    expect((await app.inject(`/manage/${token}`)).body).toContain('<h1>Your alerts</h1>');
  });

  it("the note's help names the due date of a question not yet due, and says nothing of being overdue", async () => {
    const due = new Date(Date.now() + 7 * 86_400_000);
    const dueDay = new Date(`${due.toISOString().slice(0, 10)}T00:00:00Z`);
    await ctx.db.question.create({
      data: {
        id: 1937999,
        uin: '99999',
        house: 'Commons',
        state: 'UNANSWERED',
        questionText: 'To ask the Secretary of State for Education, what plans she has for school buildings.',
        dateTabled: new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`),
        dateForAnswer: dueDay,
        askingMemberId: 4001,
        raw: {},
        contentHash: 'h2',
      },
    });
    const page = await app.inject('/questions/1937999');
    const label = dueDay.toLocaleDateString('en-GB', {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    expect(page.body).toContain(
      `One &quot;still waiting&quot; email if it is still unanswered after its due date (${label}).`,
    );
    expect(page.body).not.toContain('already overdue');
  });

  it('"also tell me if it is not answered by its due date": off unless ticked, changed only by the follower once confirmed', async () => {
    const page = await app.inject('/questions/1937695');
    expect(page.body).toMatch(
      /<input type="checkbox" name="overdue" value="yes" aria-describedby="overdue-help">\s*Also tell me if it is not answered by its due date/,
    );
    // Due on 7 September 2026, so already overdue: the help says the note would come at once.
    expect(page.body).toContain(
      'It was due for answer by 7 September 2026 and is already overdue: ticked, you get one &quot;still waiting&quot; email as soon as you confirm.',
    );
    const post = (email: string, fields: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/questions/1937695/follow',
        headers: FORM,
        payload: form({ email, ...fields }),
      });
    await post('plain@example.org');
    await post('overdue@example.org', { overdue: 'yes' });
    const wants = async (email: string) =>
      (await ctx.db.follow.findFirstOrThrow({ where: { subscriber: { email } } })).wantsOverdueNote;
    expect(await wants('plain@example.org')).toBe(false);
    expect(await wants('overdue@example.org')).toBe(true);
    // Before confirming, asking again takes the new answer.
    await post('plain@example.org', { overdue: 'yes' });
    expect(await wants('plain@example.org')).toBe(true);

    // Once confirmed, the public form changes nothing; the manage page does.
    const follow = await ctx.db.follow.findFirstOrThrow({ where: { subscriber: { email: 'overdue@example.org' } } });
    await ctx.db.follow.update({ where: { id: follow.id }, data: { confirmedAt: new Date() } });
    await post('overdue@example.org');
    expect(await wants('overdue@example.org')).toBe(true);
    const token = ctx.signer.sign({ purpose: 'manage', subject: follow.subscriberId, version: 0 });
    const manage = await app.inject(`/manage/${token}`);
    expect(manage.body).toContain(`action="/manage/${token}/follows/${follow.id}/overdue-note"`);
    expect(manage.body).toMatch(/value="yes" id="overdue-[^"]+-yes" checked>/);
    const set = (overdue: string, id = follow.id) =>
      app.inject({
        method: 'POST',
        url: `/manage/${token}/follows/${id}/overdue-note`,
        headers: FORM,
        payload: form({ overdue }),
      });
    const off = await set('no');
    expect(off.statusCode).toBe(303);
    expect(off.headers.location).toBe(`/manage/${token}#follow-${follow.id}`);
    expect(await wants('overdue@example.org')).toBe(false);
    expect((await app.inject(`/manage/${token}`)).body).toMatch(/value="no" id="overdue-[^"]+-no" checked>/);
    expect((await set('maybe')).statusCode).toBe(400);
    // Someone else's follow is not found through this address's link.
    const other = await ctx.db.follow.findFirstOrThrow({ where: { subscriber: { email: 'plain@example.org' } } });
    expect((await set('no', other.id)).statusCode).toBe(404);
    expect(await wants('plain@example.org')).toBe(true);

    // Once the note has gone, the page says when instead of offering it again.
    await ctx.db.follow.update({
      where: { id: follow.id },
      data: { overdueNotedAt: new Date('2026-09-08T06:00:00Z') },
    });
    const after = (await app.inject(`/manage/${token}`)).body;
    expect(after).toContain('We sent the "still waiting" email on 8 September 2026.');
    expect(after).not.toContain(`follows/${follow.id}/overdue-note`);
    await ctx.db.follow.deleteMany({});
  });

  it('unconfirmed follows count against the per-address cap shared with alert sign-up; over it nothing is stored', async () => {
    const capped = await ctx.makeApp({
      rateLimits: {
        signupPerMinute: 1000,
        searchPerMinute: 1000,
        loginPer15Minutes: 1000,
        pendingPerAddressPerHour: 1,
      },
    });
    await ctx.db.question.create({
      data: {
        id: 1937694,
        uin: '26881',
        house: 'Commons',
        state: 'UNANSWERED',
        questionText:
          'To ask the Secretary of State for Health and Social Care, when she plans to publish her workforce plan.',
        dateTabled: new Date('2026-09-02T00:00:00Z'),
        askingMemberId: 4001,
        raw: {},
        contentHash: 'h2',
      },
    });
    const follow = (id: number, email: string) =>
      capped.inject({ method: 'POST', url: `/questions/${id}/follow`, headers: FORM, payload: form({ email }) });
    expect((await follow(1937695, 'cap@example.org')).headers.location).toBe('/follows/check-email?question=1937695');
    expect((await follow(1937694, 'cap+two@example.org')).headers.location).toBe(
      '/follows/check-email?question=1937694',
    ); // same mailbox
    expect(await ctx.db.follow.count({ where: { subscriber: { email: { startsWith: 'cap' } } } })).toBe(1);
  });

  it('refuses to follow an unknown question (404) or one already answered (409)', async () => {
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/questions/99999999/follow',
          headers: FORM,
          payload: form({ email: 'a@example.org' }),
        })
      ).statusCode,
    ).toBe(404);
    await ctx.db.question.update({
      where: { id: 1937695 },
      data: {
        state: 'ANSWERED',
        answerHtml: '<p>Yes.</p>',
        answerText: 'Yes.',
        dateAnswered: new Date('2026-09-07T00:00:00Z'),
      },
    });
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/questions/1937695/follow',
          headers: FORM,
          payload: form({ email: 'a@example.org' }),
        })
      ).statusCode,
    ).toBe(409);
    expect((await app.inject('/questions/1937695')).body).not.toContain('Email me when this is answered');
  });
});
