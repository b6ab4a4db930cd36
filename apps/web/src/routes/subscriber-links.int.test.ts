import { spawnSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { createTestContext, FORM, form, queuedDelivery, seedQuestion, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  await seedQuestion(ctx.db);
});
afterAll(() => ctx.close());

async function pendingSubscriber(email: string, queries = ['schools']) {
  const subscriber = await ctx.db.subscriber.create({ data: { email } });
  for (const query of queries) await ctx.db.subscription.create({ data: { subscriberId: subscriber.id, query } });
  return subscriber;
}
/** What a confirmation email records: the alerts it listed (every pending one here); its id is the token's subject. */
async function confirmationRequest(subscriberId: string) {
  const pending = await ctx.db.subscription.findMany({ where: { subscriberId, confirmedAt: null } });
  return ctx.db.confirmationRequest.create({
    data: { id: `cfr_${subscriberId}`, subscriberId, subscriptionIds: pending.map((s) => s.id) },
  });
}
const token = (purpose: 'confirm' | 'manage' | 'unsubscribe' | 'feed', subject: string, version = 0, now?: number) =>
  ctx.signer.sign({ purpose, subject, version }, now);

describe('/confirm/:token', () => {
  it('shows a button on GET (mail scanners fetch links) and confirms on POST', async () => {
    const subscriber = await pendingSubscriber('confirm@example.org', ['schools', 'prisons']);
    const link = `/confirm/${token('confirm', (await confirmationRequest(subscriber.id)).id)}`;
    const page = await app.inject(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2 alerts waiting for confirmation, for <strong>confirm@example.org</strong>.');
    expect((await ctx.db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe('PENDING');

    const done = await app.inject({ method: 'POST', url: link });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('2 alerts are now active');
    // Which address, and each alert confirmed, by its query and how often it sends.
    expect(done.body).toContain('<p>Confirmed for <strong>confirm@example.org</strong>:</p>');
    expect(done.body).toContain('<li>Alert ‘<code>schools</code>’ (daily)</li>');
    expect(done.body).toContain('<li>Alert ‘<code>prisons</code>’ (daily)</li>');
    expect(done.body).toMatch(/href="\/manage\/[\w.-]+"/);
    const after = await ctx.db.subscriber.findUniqueOrThrow({
      where: { id: subscriber.id },
      include: { subscriptions: true },
    });
    expect(after.status).toBe('ACTIVE');
    expect(after.subscriptions.every((s) => s.confirmedAt)).toBe(true);
  });

  it('names a labelled alert and a member by name, as their owner wrote them', async () => {
    const subscriber = await ctx.db.subscriber.create({ data: { email: 'flood@example.org' } });
    await ctx.db.subscription.create({
      data: { subscriberId: subscriber.id, query: 'flood member:4001', label: 'Flooding', frequency: 'WEEKLY' },
    });
    const link = `/confirm/${token('confirm', (await confirmationRequest(subscriber.id)).id)}`;
    const done = (await app.inject({ method: 'POST', url: link })).body;
    expect(done).toContain('<p>Confirmed for <strong>flood@example.org</strong>:</p>');
    expect(done).toContain('<li>Alert “Flooding”: ‘<code>flood member:&quot;Jane Example&quot;</code>’ (weekly)</li>');
    // Confirmed already: nothing is listed as newly confirmed.
    const again = (await app.inject({ method: 'POST', url: link })).body;
    expect(again).toContain('Everything was already confirmed.');
    expect(again).not.toContain('Confirmed for');
  });

  it.each([
    ['a malformed token', () => '/confirm/not-a-token', 400],
    ['a forged signature', () => `/confirm/${token('confirm', 'x').split('.')[0]}.AAAA`, 400],
    ['a token for another purpose', () => `/confirm/${token('manage', 'x')}`, 400],
    ['an expired token', () => `/confirm/${token('confirm', 'x', 0, Date.now() - 8 * 24 * 3600 * 1000)}`, 410],
  ])('refuses %s', async (_name, url, status) => {
    const response = await app.inject({ method: 'POST', url: url() });
    expect(response.statusCode).toBe(status);
  });

  it('refuses a link from before the token version was bumped (410) and changes nothing', async () => {
    const subscriber = await pendingSubscriber('revoked@example.org');
    const request = await confirmationRequest(subscriber.id);
    await ctx.db.subscriber.update({ where: { id: subscriber.id }, data: { tokenVersion: 1 } });
    const response = await app.inject({ method: 'POST', url: `/confirm/${token('confirm', request.id, 0)}` });
    expect(response.statusCode).toBe(410);
    expect((await ctx.db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe('PENDING');
  });
});

describe('/confirm/:token once everything is confirmed', () => {
  it('says so and offers the manage page, not a button that would do nothing', async () => {
    const subscriber = await pendingSubscriber('twice@example.org');
    await ctx.db.subscription.updateMany({ where: { subscriberId: subscriber.id }, data: { confirmedAt: new Date() } });
    const page = await app.inject(`/confirm/${token('confirm', subscriber.id)}`);
    expect(page.body).toContain('Everything this email asked for is already confirmed: there is nothing to do.');
    expect(page.body).not.toContain('<button type="submit" class="primary">Confirm</button>');
    expect(page.body).toMatch(/href="\/manage\/[\w.-]+">Manage your alerts/);
  });
});

describe('/manage/:token', () => {
  it('lists, pauses, resumes, edits and deletes alerts of that address only', async () => {
    const subscriber = await pendingSubscriber('manage@example.org', ['schools', 'prisons']);
    const other = await pendingSubscriber('other@example.org', ['hospitals']);
    const [first, second] = await ctx.db.subscription.findMany({
      where: { subscriberId: subscriber.id },
      orderBy: { query: 'desc' },
    });
    const base = `/manage/${token('manage', subscriber.id)}`;

    const page = await app.inject(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('manage@example.org');
    expect(page.body).toContain('schools');
    expect(page.body).not.toContain('hospitals');
    expect(page.body).toMatch(/href="\/feeds\/[\w.-]+"/);

    // Post/Redirect/Get: every action answers with a redirect to the page, which says what happened.
    const pause = await app.inject({
      method: 'POST',
      url: `${base}/alerts/${first!.id}`,
      headers: FORM,
      payload: form({ action: 'pause' }),
    });
    expect(pause.statusCode).toBe(303);
    expect(pause.headers.location).toBe(`${base}?done=paused`);
    expect((await app.inject(pause.headers.location as string)).body).toContain('Alert paused.');
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: first!.id } })).paused).toBe(true);
    await app.inject({
      method: 'POST',
      url: `${base}/alerts/${first!.id}`,
      headers: FORM,
      payload: form({ action: 'resume' }),
    });
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: first!.id } })).paused).toBe(false);

    const badEdit = await app.inject({
      method: 'POST',
      url: `${base}/alerts/${first!.id}/edit`,
      headers: FORM,
      payload: form({ query: 'schools OR', frequency: 'WEEKLY' }),
    });
    expect(badEdit.statusCode).toBe(400);
    expect(badEdit.body).toContain('Problem at character');
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: first!.id } })).query).toBe('schools');

    const editPage = await app.inject(`${base}/alerts/${first!.id}/edit`);
    expect(editPage.statusCode).toBe(200);
    expect(editPage.body).toContain('Words match by stem');
    expect(editPage.body).toContain('You will get: <strong>answers mentioning &quot;schools&quot;</strong>');
    expect(editPage.body).toContain('Preview: the last 30 days');
    expect(editPage.body).toContain('Once a week, in a weekly digest');
    expect(editPage.body).toContain(
      '<input type="checkbox" name="includeTabled" value="yes" aria-describedby="include-tabled-help"> Also tell me when such a question is asked (before it is answered)',
    );
    expect(page.body).toContain('Answers only: it does not tell you when such a question is asked.');
    const edit = await app.inject({
      method: 'POST',
      url: `${base}/alerts/${first!.id}/edit`,
      headers: FORM,
      payload: form({ query: 'academies', label: 'Academies', frequency: 'WEEKLY', includeTabled: 'yes' }),
    });
    expect(edit.statusCode).toBe(303);
    expect(edit.headers.location).toBe(`${base}?done=saved`);
    expect(await ctx.db.subscription.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({
      query: 'academies',
      label: 'Academies',
      frequency: 'WEEKLY',
      includeTabled: true,
    });
    expect((await app.inject(`${base}/alerts/${first!.id}/edit`)).body).toContain(
      'name="includeTabled" value="yes" checked',
    );
    expect((await app.inject(base)).body).toContain(
      'Also tells you when such a question is asked, before it is answered.',
    );
    // Unticking it (a form without the box) turns it off again.
    await app.inject({
      method: 'POST',
      url: `${base}/alerts/${first!.id}/edit`,
      headers: FORM,
      payload: form({ query: 'academies', label: 'Academies', frequency: 'WEEKLY' }),
    });
    expect((await ctx.db.subscription.findUniqueOrThrow({ where: { id: first!.id } })).includeTabled).toBe(false);

    const otherAlert = await ctx.db.subscription.findFirstOrThrow({ where: { subscriberId: other.id } });
    const foreign = await app.inject({
      method: 'POST',
      url: `${base}/alerts/${otherAlert.id}`,
      headers: FORM,
      payload: form({ action: 'delete' }),
    });
    expect(foreign.statusCode).toBe(404);
    expect(await ctx.db.subscription.count({ where: { id: otherAlert.id } })).toBe(1);

    // Deleting asks first: the button leads to a confirmation page; only its own form deletes.
    const ask = await app.inject({
      method: 'POST',
      url: `${base}/alerts/${second!.id}`,
      headers: FORM,
      payload: form({ action: 'delete' }),
    });
    expect(ask.headers.location).toBe(`${base}/alerts/${second!.id}/delete`);
    expect((await app.inject(ask.headers.location as string)).body).toContain('Delete this alert?');
    expect(await ctx.db.subscription.count({ where: { subscriberId: subscriber.id } })).toBe(2);
    const deleted = await app.inject({
      method: 'POST',
      url: `${base}/alerts/${second!.id}/delete`,
      headers: FORM,
      payload: form({ confirm: 'yes' }),
    });
    expect(deleted.headers.location).toBe(`${base}?done=deleted`);
    expect(await ctx.db.subscription.count({ where: { subscriberId: subscriber.id } })).toBe(1);
    expect((await app.inject({ method: 'POST', url: `${base}/delete-all` })).headers.location).toBe(
      `${base}/delete-all`,
    );
    expect(await ctx.db.subscription.count({ where: { subscriberId: subscriber.id } })).toBe(1);
    const all = await app.inject({
      method: 'POST',
      url: `${base}/delete-all`,
      headers: FORM,
      payload: form({ confirm: 'yes' }),
    });
    expect((await app.inject(all.headers.location as string)).body).toContain('Deleted 1 alert.');
    expect(await ctx.db.subscription.count({ where: { subscriberId: subscriber.id } })).toBe(0);
  });

  it('"See all N on the web" lists every answer that email brought for that alert; an older "See N more" link the rest', async () => {
    const subscriber = await pendingSubscriber('more@example.org', ['schools']);
    const subscription = await ctx.db.subscription.findFirstOrThrow({ where: { subscriberId: subscriber.id } });
    for (const id of [1_700_101, 1_700_102, 1_700_103])
      await seedQuestion(ctx.db, {
        id,
        heading: `More ${id}`,
        dateAnswered: new Date(Date.UTC(2026, 10, id - 1_700_090)),
      });
    const at = new Date();
    await ctx.db.match.createMany({
      data: [
        {
          subscriptionId: subscription.id,
          questionIds: [1_700_101, 1_700_102, 1_700_103],
          deliveryId: 'delivery-a',
          deliveredAt: at,
        },
        { subscriptionId: subscription.id, questionIds: [1_700_001], deliveryId: 'delivery-earlier', deliveredAt: at },
      ],
    });
    const first = await ctx.db.match.findFirstOrThrow({
      where: { subscriptionId: subscription.id, questionIds: { has: 1_700_101 } },
    });
    const all = await app.inject(
      `/manage/${token('manage', subscriber.id)}/alerts/${subscription.id}/more?match=${first.id}`,
    );
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<h1>3 answers from your alert</h1>');
    expect(all.body.indexOf('More 1700103')).toBeLessThan(all.body.indexOf('More 1700102'));
    expect(all.body.indexOf('More 1700102')).toBeLessThan(all.body.indexOf('More 1700101')); // newest first
    expect(all.body).not.toContain('Schools: Mental Health Services'); // another email's answer
    const page = await app.inject(
      `/manage/${token('manage', subscriber.id)}/alerts/${subscription.id}/more?match=${first.id}&shown=1700101`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>2 more answers from your alert</h1>');
    expect(page.body.indexOf('More 1700103')).toBeLessThan(page.body.indexOf('More 1700102')); // newest first
    expect(page.body).not.toContain('More 1700101');
    expect(page.body).not.toContain('Schools: Mental Health Services'); // another email's answer
    const stranger = await pendingSubscriber('stranger@example.org');
    expect(
      (await app.inject(`/manage/${token('manage', stranger.id)}/alerts/${subscription.id}/more?match=${first.id}`))
        .statusCode,
    ).toBe(404);
  });

  it('refuses an unsubscribe token (wrong purpose)', async () => {
    const subscriber = await pendingSubscriber('purpose@example.org');
    expect((await app.inject(`/manage/${token('unsubscribe', subscriber.id)}`)).statusCode).toBe(400);
  });
});

describe('/unsubscribe/:token', () => {
  it('GET shows a confirm button and changes nothing', async () => {
    const subscriber = await pendingSubscriber('unsub-get@example.org');
    const page = await app.inject(`/unsubscribe/${token('unsubscribe', subscriber.id)}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Unsubscribe from all alerts');
    // The address, and what would stop.
    expect(page.body).toContain('Stop all alerts to <strong>unsub-get@example.org</strong> and delete them?');
    expect(page.body).toContain('<li>Alert ‘<code>schools</code>’ (daily)</li>');
    expect(await ctx.db.subscriber.count({ where: { id: subscriber.id } })).toBe(1);
  });

  it('POST is RFC 8058 one-click: no cookie, 200 without redirect, deletes everything, idempotent', async () => {
    const subscriber = await pendingSubscriber('unsub@example.org', ['schools', 'prisons']);
    await ctx.db.follow.create({ data: { subscriberId: subscriber.id, questionId: 1_700_001 } });
    const url = `/unsubscribe/${token('unsubscribe', subscriber.id)}`;
    const response = await app.inject({ method: 'POST', url, headers: FORM, payload: 'List-Unsubscribe=One-Click' });
    expect(response.statusCode).toBe(200);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toContain('You are unsubscribed');
    // Which address, and everything deleted: each alert and each followed question.
    expect(response.body).toContain('We have deleted the alerts for <strong>unsub@example.org</strong>');
    expect(response.body).toContain('<li>Alert ‘<code>schools</code>’ (daily)</li>');
    expect(response.body).toContain('<li>Alert ‘<code>prisons</code>’ (daily)</li>');
    expect(response.body).toContain(
      '<li>Following <a href="/questions/1700001">Commons question 1 (Schools: Mental Health Services)</a></li>',
    );
    expect(await ctx.db.subscriber.count({ where: { id: subscriber.id } })).toBe(0);
    expect(await ctx.db.subscription.count({ where: { subscriberId: subscriber.id } })).toBe(0);
    // The goodbye is owed (its row keeps the address, the subscriber being gone) and its job queued.
    expect(await queuedDelivery(ctx, { goodbyeEmail: 'unsub@example.org' })).toMatchObject({
      kind: 'GOODBYE',
      subscriberId: null,
    });

    const again = await app.inject({ method: 'POST', url, headers: FORM, payload: 'List-Unsubscribe=One-Click' });
    expect(again.statusCode).toBe(200);
    expect(again.body).not.toContain('unsub@example.org'); // gone: nothing of it is left to name
  });

  it('still works from an old email after the token version changed', async () => {
    const subscriber = await pendingSubscriber('old-link@example.org');
    await ctx.db.subscriber.update({ where: { id: subscriber.id }, data: { tokenVersion: 3 } });
    const response = await app.inject({
      method: 'POST',
      url: `/unsubscribe/${token('unsubscribe', subscriber.id, 0)}`,
    });
    expect(response.statusCode).toBe(200);
    expect(await ctx.db.subscriber.count({ where: { id: subscriber.id } })).toBe(0);
  });

  it('refuses a tampered token with 400 and deletes nothing', async () => {
    const subscriber = await pendingSubscriber('tamper@example.org');
    const good = token('unsubscribe', subscriber.id);
    const response = await app.inject({ method: 'POST', url: `/unsubscribe/${good.slice(0, -2)}xx` });
    expect(response.statusCode).toBe(400);
    expect(await ctx.db.subscriber.count({ where: { id: subscriber.id } })).toBe(1);
  });
});

describe('/feeds/:token', () => {
  it('serves an Atom feed of the alert matches', async () => {
    const subscriber = await pendingSubscriber('feed@example.org');
    const subscription = await ctx.db.subscription.findFirstOrThrow({ where: { subscriberId: subscriber.id } });
    await ctx.db.match.create({ data: { subscriptionId: subscription.id, questionIds: [1_700_001] } });
    // questionId is not a foreign key: a match whose question is missing is left out, not a failed feed.
    await ctx.db.match.create({ data: { subscriptionId: subscription.id, questionIds: [999_999_999] } });
    const response = await app.inject(`/feeds/${token('feed', subscription.id)}`);
    expect(response.statusCode).toBe(200);
    expect(response.body.match(/<entry>/g)).toHaveLength(1);
    expect(response.headers['content-type']).toContain('application/atom+xml');
    expect(response.body).toContain('<title>Schools: Mental Health Services</title>');
    expect(response.body).toContain('http://alerts.test/questions/1700001');
    expect((await app.inject(`/feeds/${token('manage', subscription.id)}`)).statusCode).toBe(400);
  });

  it('answers a reader that has the current version with 304, and a changed feed with 200', async () => {
    const subscriber = await pendingSubscriber('feed-poll@example.org');
    const subscription = await ctx.db.subscription.findFirstOrThrow({ where: { subscriberId: subscriber.id } });
    const url = `/feeds/${token('feed', subscription.id)}`;
    const first = await app.inject(url);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^"[\w-]+"$/);
    // The same tag from a second request (nothing changed), and 304 for a reader that sends it back, weak or not.
    expect((await app.inject(url)).headers.etag).toBe(tag);
    for (const sent of [tag, `W/${tag}`, `"other", ${tag}`]) {
      const again = await app.inject({ url, headers: { 'if-none-match': sent } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(tag);
    }
    // A new match changes the feed: the old tag gets the whole feed, with a new tag.
    await ctx.db.match.create({ data: { subscriptionId: subscription.id, questionIds: [1_700_001] } });
    const changed = await app.inject({ url, headers: { 'if-none-match': tag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.body.match(/<entry>/g)).toHaveLength(1);
    expect(changed.headers.etag).not.toBe(tag);
  });

  // feedparser (Debian's python3-feedparser; .ci/run installs it), the parser many feed readers' servers use, reads
  // what a reader would: our feed must come out whole, not "bozo" (its word for a feed it had to repair or guess at).
  const feedparser = spawnSync('/usr/bin/python3', ['-c', 'import feedparser']).status === 0 ? it : it.skip;
  if (feedparser === it.skip) console.warn('python3-feedparser missing: skipping the independent feed check');
  feedparser('is a well-formed Atom feed to an independent parser', async () => {
    const subscriber = await pendingSubscriber('feed-parsed@example.org');
    const subscription = await ctx.db.subscription.findFirstOrThrow({ where: { subscriberId: subscriber.id } });
    await ctx.db.match.create({ data: { subscriptionId: subscription.id, questionIds: [1_700_001] } });
    await ctx.db.match.create({ data: { subscriptionId: subscription.id, questionIds: [1_700_001], asked: true } });
    const body = (await app.inject(`/feeds/${token('feed', subscription.id)}`)).body;
    const read = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        `import feedparser, json, sys
d = feedparser.parse(sys.stdin.buffer.read())
print(json.dumps({"bozo": d.bozo, "version": d.version, "title": d.feed.get("title"),
  "entries": [{"id": e.id, "title": e.title, "link": e.link, "updated": e.updated} for e in d.entries]}))`,
      ],
      { input: body, encoding: 'utf8' },
    );
    expect(read.stderr).toBe('');
    const parsed = JSON.parse(read.stdout) as {
      bozo: boolean;
      version: string;
      title: string;
      entries: { id: string; title: string; link: string; updated: string }[];
    };
    expect(parsed).toMatchObject({
      bozo: false,
      version: 'atom10',
      title: 'Parliament Alerts: answers mentioning "schools"',
    });
    expect(parsed.entries.map((e) => [e.id, e.title, e.link])).toEqual(
      expect.arrayContaining([
        [
          'http://alerts.test/questions/1700001',
          'Schools: Mental Health Services',
          'http://alerts.test/questions/1700001',
        ],
        [
          'http://alerts.test/questions/1700001#asked',
          'Asked: Schools: Mental Health Services',
          'http://alerts.test/questions/1700001',
        ],
      ]),
    );
    expect(parsed.entries).toHaveLength(2);
    for (const entry of parsed.entries) expect(Number.isNaN(Date.parse(entry.updated))).toBe(false);
  });

  it("titles the feed of a member alert with the member's name", async () => {
    const subscriber = await pendingSubscriber('member-feed@example.org');
    const subscription = await ctx.db.subscription.create({
      data: { subscriberId: subscriber.id, query: 'member:4001 schools', frequency: 'DAILY' },
    });
    const response = await app.inject(`/feeds/${token('feed', subscription.id)}`);
    expect(response.body).toContain(
      '<title>Parliament Alerts: answers mentioning &quot;schools&quot;, asked or answered by Jane Example</title>',
    );
  });
});
