import { reconcile } from '@alerts/delivery';
import { addSubscription } from '@alerts/subscriptions';
import { deliverJobs } from '@alerts/queue';
import type { FastifyInstance } from 'fastify';
import { deliverQueued, linkIn, mailbox } from '../../test/security/deliver-queued';
import { createTestContext, FORM, form, queuedDelivery, type TestContext } from '../../test/test-app';

// "Email me my manage link" (issue #23): the request is a row in PostgreSQL before its email is owed, the mailer
// sends it through the ledger, and nobody can learn from the form whether an address subscribes.

let ctx: TestContext;
let app: FastifyInstance;
let reader: { id: string };

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp({ rateLimits: { manageLinkPerIpPerHour: 1000, manageLinksPerAddressPerHour: 2 } });
  ({ subscriber: reader } = await addSubscription(ctx.db, {
    email: 'reader@example.org',
    query: 'schools',
    frequency: 'DAILY',
    confirmed: true,
  }));
  await addSubscription(ctx.db, { email: 'capped@example.org', query: 'prisons', frequency: 'DAILY', confirmed: true });
});
afterAll(() => ctx.close());

const ask = (email: string, target: FastifyInstance = app, ip = '127.0.0.1') =>
  target.inject({ method: 'POST', url: '/manage', headers: FORM, payload: form({ email }), remoteAddress: ip });
const requestsOf = (email: string) => ctx.db.manageLinkRequest.count({ where: { subscriber: { email } } });
const sent = async (to: string) =>
  (await mailbox(ctx)).filter((m) => m.to.includes(to) && /manage your Parliament Alerts/.test(m.subject));

it('offers a form that asks for an address', async () => {
  const page = await app.inject('/manage');
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('<form method="post" action="/manage" novalidate>');
  expect(page.body).toContain('<button type="submit" class="primary">Email me my manage link</button>');
});

it('records the request, owes the email in the ledger, and the mailer sends a manage link that works', async () => {
  const response = await ask(' Reader@Example.org ');
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe('/manage/link-sent');
  const [request] = await ctx.db.manageLinkRequest.findMany({ where: { subscriberId: reader.id } });
  expect(request).toBeDefined();
  // The Delivery row is owed and a job carries it; Redis could lose the job, PostgreSQL still owes the email.
  expect(await queuedDelivery(ctx, { job: deliverJobs.manageLink(reader.id, request!.id) })).toMatchObject({
    kind: 'MANAGE_LINK',
    status: 'PENDING',
  });

  expect(await deliverQueued(ctx)).toEqual([expect.objectContaining({ kind: 'MANAGE_LINK', result: 'sent' })]);
  const [email] = await sent('reader@example.org');
  expect(email!.subject).toBe('Your link to manage your Parliament Alerts');
  expect(email!.text).toContain(
    'Someone, hopefully you, asked for the link that manages what Parliament Alerts sends to reader@example.org',
  );
  const manage = await app.inject(linkIn(email!, '/manage/'));
  expect(manage.statusCode).toBe(200);
  expect(manage.body).toContain('reader@example.org');
  expect(manage.body).toContain('schools');
});

it('answers an address nobody subscribes exactly as one that does, and records and sends nothing', async () => {
  const known = await ask('reader@example.org');
  const unknown = await ask('stranger@example.org');
  for (const key of ['statusCode', 'body'] as const) expect(unknown[key]).toEqual(known[key]);
  expect(unknown.headers.location).toEqual(known.headers.location);
  expect(await ctx.db.subscriber.count({ where: { email: 'stranger@example.org' } })).toBe(0);
  const page = await app.inject('/manage/link-sent');
  expect(page.body).toContain(
    'If that address has alerts or follows questions with us, we have emailed it the link to manage them.',
  );
  await deliverQueued(ctx);
  expect(await sent('stranger@example.org')).toEqual([]);
});

it('refuses what is not an address, saying so, whoever subscribes', async () => {
  const response = await ask('not an address');
  expect(response.statusCode).toBe(400);
  expect(response.body).toContain('Enter an email address like name@example.org.');
});

it('sends a mailbox at most its hourly number of links, silently: further requests look the same and record nothing', async () => {
  for (const email of ['capped@example.org', 'CAPPED@example.org', 'capped+again@example.org']) {
    expect(await ask(email)).toMatchObject({ statusCode: 303, headers: { location: '/manage/link-sent' } });
  }
  // Two recorded; the plus-address (the same inbox) names no subscriber, so it records nothing either.
  expect(await requestsOf('capped@example.org')).toBe(2);
  expect(await ask('capped@example.org')).toMatchObject({
    statusCode: 303,
    headers: { location: '/manage/link-sent' },
  });
  expect(await requestsOf('capped@example.org')).toBe(2);
  await deliverQueued(ctx);
  expect(await sent('capped@example.org')).toHaveLength(2);
});

it('limits each client IP, whatever address it asks about', async () => {
  const strict = await ctx.makeApp({ rateLimits: { manageLinkPerIpPerHour: 2 } });
  expect((await ask('reader@example.org', strict, '192.0.2.7')).statusCode).toBe(303);
  expect((await ask('stranger@example.org', strict, '192.0.2.7')).statusCode).toBe(303);
  const known = await ask('reader@example.org', strict, '192.0.2.7');
  const unknown = await ask('stranger@example.org', strict, '192.0.2.7');
  expect([known.statusCode, unknown.statusCode]).toEqual([429, 429]);
  expect(unknown.body).toEqual(known.body);
  expect((await ask('stranger@example.org', strict, '192.0.2.8')).statusCode).toBe(303); // another client
});

it('the reconciler plans the email of a request whose web process died before planning it', async () => {
  const { subscriber } = await addSubscription(ctx.db, {
    email: 'crash@example.org',
    query: 'badgers',
    frequency: 'DAILY',
    confirmed: true,
  });
  // What requestManageLink leaves when the process dies before oweDeliveries: the row, and no Delivery.
  await ctx.db.manageLinkRequest.create({
    data: { id: 'mlr_crashed', subscriberId: subscriber.id, createdAt: new Date(Date.now() - 120_000) },
  });
  const report = await reconcile({
    db: ctx.db,
    queues: ctx.queues,
    sweepGraceMs: 60_000,
    leaseMs: 120_000,
    giveUpAfterMs: 72 * 3600_000,
  });
  expect(report.planned.manageLink).toBe(1);
  expect(await queuedDelivery(ctx, { job: deliverJobs.manageLink(subscriber.id, 'mlr_crashed') })).toBeDefined();
  // Planned once: the next tick finds it owed already.
  expect(
    (
      await reconcile({
        db: ctx.db,
        queues: ctx.queues,
        sweepGraceMs: 60_000,
        leaseMs: 120_000,
        giveUpAfterMs: 72 * 3600_000,
      })
    ).planned.manageLink,
  ).toBe(0);
  await deliverQueued(ctx);
  expect(await sent('crash@example.org')).toHaveLength(1);
});

it('an expired or replaced manage link leads to the form', async () => {
  const stale = ctx.signer.sign({ purpose: 'manage', subject: reader.id, version: 99 });
  const page = await app.inject(`/manage/${stale}`);
  expect(page.statusCode).toBe(410);
  expect(page.body).toContain('<a href="/manage">Email me a new manage link</a>');
});
