import { GOODBYE_ADDRESS_KEPT_MS } from '@alerts/delivery';
import { UNCONFIRMED_SIGNUP_DAYS } from '@alerts/subscriptions';
import type { FastifyInstance } from 'fastify';
import { createTestContext, seedQuestion, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  await seedQuestion(ctx.db);
});
afterAll(() => ctx.close());

const FOOTER =
  '<nav aria-label="About this site"><a href="/about">About</a> <a href="/privacy">Privacy</a> <a href="/help">Help: writing a query</a></nav>';

describe('about, privacy and help', () => {
  it.each(['/', '/questions/1700001', '/tabled', '/search', '/about', '/admin/login'])(
    '%s links all three from its footer',
    async (url) => {
      const page = await app.inject(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(FOOTER);
      expect(page.body).toContain(
        'licensed under the <a href="https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/">Open Parliament Licence v3.0</a>',
      );
    },
  );

  it('/about says what the service is and under which licences its data is used', async () => {
    const page = await app.inject('/about');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>About Parliament Alerts</h1>');
    expect(page.body).toContain('emails you when the UK government answers a written parliamentary question');
    expect(page.body).toContain(
      "Written Questions API; the names and parties of members from Parliament's Members API",
    );
    expect(page.body).toContain(
      'Contains Parliamentary information licensed under the <a href="https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/">Open Parliament Licence v3.0</a>.',
    );
    expect(page.body).toContain('<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>');
    expect(page.body).toContain(
      '<a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/">Open Government Licence v3.0</a>',
    );
  });

  it('/privacy says what is stored and for how long, with the periods the code uses', async () => {
    const page = (await app.inject('/privacy')).body;
    expect(page).toContain('<h1>Privacy: what we keep, and for how long</h1>');
    for (const stored of [
      'Your email address',
      'Each alert',
      'Each question you follow',
      'Which answers matched each alert',
      'Each email we send you or owe you',
      'suppression list',
      'audit log',
    ])
      expect(page).toContain(stored);
    expect(page).toContain(`deleted ${UNCONFIRMED_SIGNUP_DAYS} days after you asked`);
    expect(page).toContain(`its address is erased ${GOODBYE_ADDRESS_KEPT_MS / 3600_000} hours after you unsubscribed`);
    expect(page).toContain('deleted after 24 hours'); // the AlertChange log
    expect(page).toContain('a cookie named <code>voter</code> for 365 days');
    expect(page).toContain('a log-in cookie (8 hours)');
  });

  it('/help explains the query language, and every query box links to it', async () => {
    const page = (await app.inject('/help')).body;
    expect(page).toContain('<h1>How to write a query</h1>');
    for (const section of [
      'Words',
      'Phrases',
      'OR, AND, NOT, minus and brackets',
      'Filters: member, department, House',
      'Queries we cannot read',
    ])
      expect(page).toContain(`>${section}</h2>`);
    expect(page).toContain(
      '<code>school</code> <strong>finds</strong> a heading &quot;Schools: Mental Health Services&quot;.',
    );
    for (const url of ['/search', '/tabled', '/alerts/new'])
      expect((await app.inject(url)).body).toContain('<a href="/help">How to write a query</a>');
  });
});
