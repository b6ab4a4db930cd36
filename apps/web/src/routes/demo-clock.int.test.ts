import { loadDemoClock, type ReaderClock } from '@alerts/composition';
import type { FastifyInstance } from 'fastify';
import { createTestContext, seedQuestion, type TestContext } from '../../test/test-app';

// Demo mode replays the bundled sample, years old, on a machine whose clock says December 2026 (issue #23): pages
// state the demo's clock, count due dates from it and preview every stored answer; the live source is unchanged.

const MACHINE_NOW = new Date('2026-12-05T12:00:00Z');
const LIVE: ReaderClock = { now: () => MACHINE_NOW, demo: null };
const TABLED = 1_700_100;
const Q = encodeURIComponent('rebuilt OR prisons');

let ctx: TestContext;
let demo: FastifyInstance;
let live: FastifyInstance;

beforeAll(async () => {
  ctx = await createTestContext();
  await seedQuestion(ctx.db, { id: 1_700_001, dateAnswered: new Date('2024-05-24T00:00:00Z') });
  await seedQuestion(ctx.db, {
    id: 1_700_002,
    heading: 'Schools: Buildings',
    answerHtml: '<p>Schools will be rebuilt.</p>',
    dateAnswered: new Date('2026-08-19T00:00:00Z'),
  });
  await seedQuestion(ctx.db, {
    id: 1_700_003,
    heading: 'Prisons: Drugs',
    answerHtml: '<p>Drug testing in prisons.</p>',
    dateAnswered: new Date('2025-03-01T00:00:00Z'),
  });
  await ctx.db.question.updateMany({ data: { dateTabled: new Date('2024-05-20T00:00:00Z') } });
  // Asked after the newest answer and still waiting, as the sample's questions of 2 September 2026 are.
  await ctx.db.question.create({
    data: {
      id: TABLED,
      uin: '100',
      house: 'Commons',
      heading: 'Schools: Transport',
      questionText: 'To ask the Secretary of State for Education, about school transport.',
      state: 'UNANSWERED',
      dateTabled: new Date('2026-09-02T00:00:00Z'),
      dateForAnswer: new Date('2026-09-07T00:00:00Z'),
      askingMemberId: 4001,
      raw: {},
      contentHash: 'hash-tabled',
    },
  });
  const clock = await loadDemoClock(ctx.db, { machineNow: () => MACHINE_NOW });
  demo = await ctx.makeApp({}, { clock: clock! });
  live = await ctx.makeApp({}, { clock: LIVE });
});
afterAll(() => ctx.close());

const BANNER =
  'Demo: real answers replayed; the newest stored answer is dated 19 August 2026. Due dates count from 3 September 2026.';

it('says on every page, error pages too, that the data is replayed and what its clock reads; the live app says nothing', async () => {
  for (const url of ['/', '/answers', `/questions/${TABLED}`, '/no-such-page']) {
    expect((await demo.inject(url)).body).toContain(`<p class="demo-banner" role="note">${BANNER}</p>`);
    expect((await live.inject(url)).body).not.toContain('demo-banner');
  }
});

it("counts a question tabled on the demo's yesterday as not yet due, where the live clock calls it overdue", async () => {
  expect((await demo.inject(`/questions/${TABLED}`)).body).toContain(
    'One &quot;still waiting&quot; email if it is still unanswered after its due date (7 September 2026).',
  );
  expect((await live.inject(`/questions/${TABLED}`)).body).toContain(
    'It was due for answer by 7 September 2026 and is already overdue',
  );
});

it('previews every stored answer in demo mode, saying so, and the last 30 days live', async () => {
  const demoForm = (await demo.inject(`/alerts/new?q=${Q}`)).body;
  expect(demoForm).toContain('<h2 id="preview-heading">Preview: the answers this demo replays</h2>');
  expect(demoForm).toContain(
    'Of the answers stored for this demo (24 May 2024 to 19 August 2026), this alert would send you <strong>2</strong> of the 3 answers stored, as the demo replays them.',
  );
  const liveForm = (await live.inject(`/alerts/new?q=${Q}`)).body;
  expect(liveForm).toContain(
    'Over the last 30 days (21 July 2026 to 19 August 2026), this alert would have sent you <strong>1</strong> of the 1 answers given.',
  );

  // The form's script writes the preview from /api/preview in the same words.
  const api = (await demo.inject(`/api/preview?q=${Q}`)).json<{ preview: unknown }>();
  expect(api.preview).toMatchObject({
    heading: 'Preview: the answers this demo replays',
    lead: 'Of the answers stored for this demo (24 May 2024 to 19 August 2026), this alert would send you',
    tail: 'answers stored, as the demo replays them.',
    matched: 2,
    answered: 3,
  });
  expect((await live.inject(`/api/preview?q=${Q}`)).json<{ preview: unknown }>().preview).toMatchObject({
    heading: 'Preview: the last 30 days',
    matched: 1,
    answered: 1,
  });

  // The suggestions drawn from a question count the same window.
  expect((await demo.inject('/alerts/new?question=1700001')).body).toMatch(
    /<span class="count">\d+ of the stored answers<\/span>/,
  );
  expect((await live.inject('/alerts/new?question=1700001')).body).toMatch(
    /<span class="count">\d+ answers? in the last 30 days<\/span>/,
  );
});
