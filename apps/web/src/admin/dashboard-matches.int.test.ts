import { matchItems } from '@alerts/db/testing';
import { createSubscriptionIndexCache } from '@alerts/delivery';
import { dispatchMatchJobs, runMatchJob } from '@alerts/match-work';
import { addSubscription } from '@alerts/subscriptions';
import type { MatchJob } from '@alerts/queue';
import type { FastifyInstance } from 'fastify';
import { logInAsAdmin } from '../../test/admin-login';
import { createTestContext, FORM, form, seedQuestion, type TestContext } from '../../test/test-app';

let ctx: TestContext;
let app: FastifyInstance;
let jar: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext();
  app = await ctx.makeApp();
  jar = await logInAsAdmin(app, ctx.db);
});
afterAll(() => ctx.close());

/** Two answers become news, and the matcher matches them, as the pipeline does: dispatch, then run each job. */
async function answerAndMatch() {
  await seedQuestion(ctx.db, { id: 1_700_001 });
  await seedQuestion(ctx.db, {
    id: 1_700_002,
    heading: 'Schools: Buildings',
    answerHtml: '<p>Funding for school buildings.</p>',
  });
  await ctx.db.questionEvent.createMany({
    data: [
      { questionId: 1_700_001, kind: 'ANSWERED' },
      { questionId: 1_700_002, kind: 'ANSWERED' },
    ],
  });
  const jobs: MatchJob[] = [];
  await dispatchMatchJobs({ db: ctx.db, partitions: 2, enqueue: async (batch) => void jobs.push(...batch) });
  const indexCache = createSubscriptionIndexCache(ctx.db);
  for (const job of jobs) await runMatchJob({ db: ctx.db, job, indexCache });
}

describe('answers matched, on the dashboard and /metrics', () => {
  it('do not fall when an alert, and so its matches, are deleted', async () => {
    const earlier = new Date(Date.now() - 60_000);
    const kept = await addSubscription(ctx.db, {
      email: 'kept@example.org',
      query: 'schools',
      frequency: 'DAILY',
      confirmed: true,
      now: earlier,
    });
    const leaving = await addSubscription(ctx.db, {
      email: 'leaving@example.org',
      query: 'buildings',
      frequency: 'WEEKLY',
      confirmed: true,
      now: earlier,
    });
    await answerAndMatch();
    expect(await matchItems(ctx.db)).toHaveLength(3); // schools: both answers; buildings: one

    const shows = async (matches: number) => {
      const dashboard = (await app.inject({ url: '/admin', cookies: jar })).body;
      expect(dashboard).toContain(`<li><strong>${matches}</strong> answers matched to alerts in 14 days</li>`);
      expect(dashboard).toMatch(new RegExp(`<li>\\d+ \\w+ \\d{4}: ${matches} matches</li>`));
      expect((await app.inject('/metrics')).body).toMatch(new RegExp(`^alerts_matches ${matches}$`, 'm'));
    };
    await shows(3);

    // Its owner deletes the alert from the manage page: its match goes with it, the figures stay.
    const token = ctx.signer.sign({ purpose: 'manage', subject: leaving.subscriber.id, version: 0 });
    const deleted = await app.inject({
      method: 'POST',
      url: `/manage/${token}/alerts/${leaving.subscription.id}/delete`,
      headers: FORM,
      payload: form({ confirm: 'yes' }),
    });
    expect(deleted.statusCode).toBe(303);
    expect(await matchItems(ctx.db)).toHaveLength(2);
    await shows(3);

    // And an unsubscribe (every alert of the address) changes nothing either.
    await app.inject({
      method: 'POST',
      url: `/unsubscribe/${ctx.signer.sign({ purpose: 'unsubscribe', subject: kept.subscriber.id, version: 0 })}`,
    });
    expect(await ctx.db.match.count()).toBe(0);
    await shows(3);
  });
});
