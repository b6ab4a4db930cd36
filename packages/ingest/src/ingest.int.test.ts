import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import {
  createParliamentSource,
  createSampleSource,
  loadSampleRecords,
  type QuestionSource,
  type SourceItem,
} from '@alerts/sources';
import { questionLifecycle, recordedResponses, startFixtureApi, type FixtureApi } from '@alerts/sources/testing';
import { ingest } from './ingest';

const samples = loadSampleRecords();
const real = (id: number) => {
  const found = samples.find((r) => r.value.id === id);
  if (!found) throw new Error(`no sample record ${id}`);
  return found;
};

/** A source that hands over exactly these items, as an adapter would. */
function listSource(items: SourceItem[], name = 'test'): QuestionSource {
  return {
    name,
    async *fetch() {
      yield* items;
    },
    knownMembers: async () => [],
  };
}
const records = (...values: unknown[]): SourceItem[] => values.map((record) => ({ kind: 'record', record }));

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.drop());

describe('ingest from the bundled sample', () => {
  it('loads every real record into an empty database, and a second run changes nothing', async () => {
    const first = await ingest({ db: t.db, source: createSampleSource() });
    expect(first).toMatchObject({
      fetched: samples.length,
      created: samples.length,
      updated: 0,
      unchanged: 0,
      skipped: 0,
    });
    // Every substantively answered record is news; the holding and the unanswered ones are not: one of Corbyn's,
    // the 299 tabled in 2026-09, two of the monthly lists and 63 of the interests dataset.
    const unanswered = 1 + 299 + 2 + 63;
    expect(first.newlyAnswered).toBe(samples.length - 1 - unanswered);
    // The unanswered ones were just asked, as far as we know: a TABLED event each (the holding one writes nothing).
    expect(first.tabled).toBe(unanswered);
    expect(await t.db.questionEvent.count({ where: { kind: 'TABLED', isBackfill: false } })).toBe(unanswered);
    expect(await t.db.question.count({ where: { state: 'UNANSWERED' } })).toBe(unanswered);
    expect(await t.db.question.count()).toBe(samples.length);
    expect(await t.db.member.count()).toBe(685); // every sitting MP and the askers the interests dataset names
    expect(await t.db.answeringBody.count()).toBeGreaterThan(10);

    const snapshot = async () =>
      t.db.question.findMany({
        select: { id: true, lastChangedAt: true, contentHash: true, newlyAnsweredAt: true },
        orderBy: { id: 'asc' },
      });
    const before = await snapshot();
    const eventsBefore = await t.db.questionEvent.count();
    const second = await ingest({ db: t.db, source: createSampleSource() });
    expect(second).toMatchObject({
      fetched: samples.length,
      created: 0,
      updated: 0,
      unchanged: samples.length,
      newlyAnswered: 0,
      eventRange: null,
    });
    expect(await snapshot()).toEqual(before);
    expect(await t.db.questionEvent.count()).toBe(eventsBefore);

    const runs = await t.db.ingestRun.findMany({ orderBy: { id: 'asc' } });
    expect(runs.map((r) => [r.status, r.created, r.unchanged])).toEqual([
      ['SUCCEEDED', samples.length, 0],
      ['SUCCEEDED', 0, samples.length],
    ]);
  });

  it('stores sanitised HTML, plain text and the raw record', async () => {
    await ingest({ db: t.db, source: listSource(records(real(1725816))) });
    const row = await t.db.question.findUniqueOrThrow({ where: { id: 1725816 } });
    expect(row.answerHtml).not.toMatch(/safelinks/);
    expect(row.answerText).not.toMatch(/</);
    expect((row.raw as { id: number }).id).toBe(1725816);
    expect(row.dateAnswered?.toISOString().slice(0, 10)).toBe(String(real(1725816).value.dateAnswered).slice(0, 10));
  });
});

describe('answers that change', () => {
  // 1898665 is a real substantive answer that followed a holding answer. Its earlier, holding state is rebuilt
  // from it with the real holding boilerplate of 1919120, as the API showed it on the holding date.
  const final = real(1898665);
  const holdingText = String(real(1919120).value.answerText);
  const asHolding = {
    value: {
      ...final.value,
      answerIsHolding: true,
      dateAnswered: final.value.dateHoldingAnswer,
      answerText: holdingText,
    },
  };

  it('a holding answer is stored but is not news; the substantive answer replacing it is, at that moment', async () => {
    const first = await ingest({ db: t.db, source: listSource(records(asHolding)) });
    expect(first).toMatchObject({ created: 1, newlyAnswered: 0 });
    const held = await t.db.question.findUniqueOrThrow({ where: { id: 1898665 } });
    expect(held).toMatchObject({ state: 'HOLDING', isHolding: true, newlyAnsweredAt: null });

    const second = await ingest({ db: t.db, source: listSource(records(final)) });
    expect(second).toMatchObject({ created: 0, updated: 1, newlyAnswered: 1 });
    const answered = await t.db.question.findUniqueOrThrow({ where: { id: 1898665 } });
    expect(answered).toMatchObject({ state: 'ANSWERED', isHolding: false });
    expect(answered.answerText).not.toContain('not be possible to answer');
    expect(answered.newlyAnsweredAt!.getTime()).toBeGreaterThan(held.firstSeenAt.getTime());
    const events = await t.db.questionEvent.findMany({ where: { questionId: 1898665 } });
    expect(events.map((e) => [e.kind, e.ingestRunId])).toEqual([['ANSWERED', second.runId]]);
    expect(second.eventRange).toEqual({ first: events[0]!.id, last: events[0]!.id });
  });

  it('a correction updates the text, is marked corrected, and is a CORRECTED event once', async () => {
    const corrected = real(1725947);
    const original = {
      value: {
        ...corrected.value,
        answerIsCorrection: false,
        dateAnswerCorrected: null,
        correctingMemberId: null,
        answerText: 'The original answer.',
      },
    };
    await ingest({ db: t.db, source: listSource(records(original)) });
    const result = await ingest({ db: t.db, source: listSource(records(corrected)) });
    expect(result).toMatchObject({ updated: 1, newlyAnswered: 0, corrected: 1 });
    const row = await t.db.question.findUniqueOrThrow({ where: { id: 1725947 } });
    expect(row).toMatchObject({
      state: 'CORRECTED',
      isCorrection: true,
      answerText: expect.not.stringContaining('The original answer'),
    });
    expect(row.dateAnswerCorrected?.toISOString().slice(0, 10)).toBe('2024-11-26');
    expect((await ingest({ db: t.db, source: listSource(records(corrected)) })).corrected).toBe(0);
    expect((await t.db.questionEvent.findMany({ where: { questionId: 1725947 } })).map((e) => e.kind)).toEqual([
      'ANSWERED',
      'CORRECTED',
    ]);
  });

  it('a withdrawn question is stored but never news', async () => {
    const withdrawn = { value: { ...real(1922919).value, isWithdrawn: true } };
    const result = await ingest({ db: t.db, source: listSource(records(withdrawn)) });
    expect(result).toMatchObject({ created: 1, newlyAnswered: 0 });
    expect((await t.db.question.findUniqueOrThrow({ where: { id: 1922919 } })).state).toBe('WITHDRAWN');
    expect(await t.db.questionEvent.count()).toBe(0);
  });
});

describe('tabled questions and the states followers hear of', () => {
  const life = questionLifecycle();

  it('stores a tabled question unanswered (a TABLED event), then writes one event per move: holding, answer, correction', async () => {
    const tabled = await ingest({ db: t.db, source: listSource(records(life.tabled)) });
    expect(tabled).toMatchObject({
      created: 1,
      newlyAnswered: 0,
      tabled: 1,
      eventRange: { first: expect.any(BigInt) },
    });
    expect(await t.db.question.findUniqueOrThrow({ where: { id: 1937695 } })).toMatchObject({
      state: 'UNANSWERED',
      isNamedDay: true,
    });

    await ingest({ db: t.db, source: listSource(records(life.holding('2026-09-07'))) });
    await ingest({ db: t.db, source: listSource(records(life.holding('2026-09-07'))) }); // unchanged: nothing
    const answered = await ingest({ db: t.db, source: listSource(records(life.answered('2026-09-07', '2026-09-21'))) });
    expect(answered.newlyAnswered).toBe(1);
    await ingest({ db: t.db, source: listSource(records(life.corrected('2026-09-07', '2026-09-21', '2026-10-01'))) });
    const events = await t.db.questionEvent.findMany({ where: { questionId: 1937695 }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.kind)).toEqual(['TABLED', 'HOLDING', 'ANSWERED', 'CORRECTED']);
    expect((await t.db.question.findUniqueOrThrow({ where: { id: 1937695 } })).state).toBe('CORRECTED');
  });

  it('a backfill that stores a question unanswered marks its TABLED event backfill, as for answers (never announced)', async () => {
    const run = await ingest({
      db: t.db,
      source: listSource(records(life.tabled)),
      window: { from: '2026-09-02', to: '2026-09-02' },
    });
    expect(run).toMatchObject({ isBackfill: true, tabled: 1 });
    expect(await t.db.questionEvent.findMany({ select: { kind: true, isBackfill: true } })).toEqual([
      { kind: 'TABLED', isBackfill: true },
    ]);
  });

  it('a tabled question that is withdrawn writes one WITHDRAWN event after its TABLED one', async () => {
    await ingest({ db: t.db, source: listSource(records(life.tabled)) });
    const withdrawn = await ingest({ db: t.db, source: listSource(records(life.withdrawn())) });
    expect(withdrawn).toMatchObject({ updated: 1, newlyAnswered: 0 });
    await ingest({ db: t.db, source: listSource(records(life.withdrawn())) });
    expect(
      (await t.db.questionEvent.findMany({ where: { questionId: 1937695 }, orderBy: { id: 'asc' } })).map(
        (e) => e.kind,
      ),
    ).toEqual(['TABLED', 'WITHDRAWN']);
  });

  it('the Parliament source lists questions tabled since the watermark and fetches followed ones again', async () => {
    const tabledList = [
      ...recordedResponses().list,
      ...loadSampleRecords().filter((r) => String(r.value.dateTabled).startsWith('2026-09-02')),
    ];
    const { details } = recordedResponses();
    api2 = await startFixtureApi({ list: tabledList, details });
    const source = createParliamentSource({ baseUrl: api2.baseUrl, houses: ['Commons'], sleep: async () => {} });
    const first = await ingest({ db: t.db, source, today: '2026-09-02', window: undefined });
    expect(first.created).toBe(299);
    // No record named its members (no expandMember here): the bundled list names them, behind the live source.
    expect(await t.db.member.findUnique({ where: { id: 5210 } })).toMatchObject({
      name: 'Tom Hayes',
      region: 'South West',
    });
    expect(
      api2.requests.some(
        (u) =>
          u.searchParams.get('tabledWhenFrom') === first.window?.from &&
          u.searchParams.get('includeWithdrawn') === 'true',
      ),
    ).toBe(true);

    // Someone follows one; it is withdrawn, which no dated list shows: the next run fetches it again and sees it.
    const subscriber = await t.db.subscriber.create({ data: { email: 'f@example.org', status: 'ACTIVE' } });
    await t.db.follow.create({
      data: { id: 'fol_1', subscriberId: subscriber.id, questionId: 1937695, confirmedAt: new Date() },
    });
    details.set(1937695, life.withdrawn());
    await ingest({ db: t.db, source, today: '2026-09-10' });
    expect(api2.requests.some((u) => u.pathname.endsWith('/questions/1937695'))).toBe(true);
    expect((await t.db.question.findUniqueOrThrow({ where: { id: 1937695 } })).state).toBe('WITHDRAWN');
  });
  let api2: FixtureApi | undefined;
  afterEach(async () => api2?.close());
});

describe('bad records', () => {
  it('are logged with their id, counted, skipped and quarantined; the run goes on and stores the rest, then fails as too many were bad', async () => {
    const warnings: { fields: { recordId?: string }; message: string }[] = [];
    const logger = {
      info: () => {},
      warn: (fields: object, message: string) => void warnings.push({ fields, message }),
    };
    const good = real(1922919);
    const items: SourceItem[] = [
      ...records(
        good,
        { value: { ...real(1725816).value, dateTabled: 'yesterday' } },
        { value: { ...real(1725455).value, askingMemberId: 'not a number' } },
        { links: [] },
      ),
      { kind: 'bad', recordId: '999', reason: 'detail returned 404' },
      ...records(real(1725455)),
    ];
    const run = ingest({ db: t.db, source: listSource(items), logger });
    await expect(run).rejects.toMatchObject({
      code: 'INGEST_TOO_MANY_REJECTED',
      summary: { fetched: 6, created: 2, skipped: 4, quarantined: 3 },
    });
    const skipped = warnings.filter((w) => w.message.startsWith('skipped'));
    expect(skipped.map((w) => w.fields.recordId)).toEqual(['1725816', '1725455', '(no id)', '999']);
    expect(skipped[0]!.message).toMatch(/skipped bad record 1725816: dateTabled: expected a date/);
    // A record without an id cannot be fetched again, so it is not quarantined.
    expect(warnings.filter((w) => w.message.startsWith('quarantined')).map((w) => w.fields.recordId)).toEqual([
      '1725816',
      '1725455',
      '999',
    ]);
    expect((await t.db.question.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((q) => q.id)).toEqual([
      1725455, 1922919,
    ]);
    expect(await t.db.ingestRun.findFirstOrThrow()).toMatchObject({ status: 'FAILED', skipped: 4, created: 2 });
    // 1725455 was rejected, then stored from its good copy later in the same run: stored wins.
    expect(
      (await t.db.quarantinedRecord.findMany({ orderBy: { recordId: 'asc' } })).map((r) => [
        r.recordId,
        r.resolvedAt === null,
      ]),
    ).toEqual([
      ['1725455', false],
      ['1725816', true],
      ['999', true],
    ]);
  });
});

describe('watermark with the Parliament source', () => {
  const { list, details } = recordedResponses();
  let api: FixtureApi | undefined;
  afterEach(async () => api?.close());
  const answeredOn = (from: string, to: string) =>
    list.filter(
      (i) => String(i.value.dateAnswered).slice(0, 10) >= from && String(i.value.dateAnswered).slice(0, 10) <= to,
    ).length;

  it('moves on success, never skips or repeats across runs, stays put on failure, and backfills separately', async () => {
    api = await startFixtureApi({ list, details });
    const source = createParliamentSource({ baseUrl: api.baseUrl, houses: ['Commons'], sleep: async () => {} });

    const first = await ingest({ db: t.db, source, today: '2024-09-05' });
    expect(first.window).toEqual({ from: '2024-09-04', to: '2024-09-05' });
    expect(first.created).toBe(answeredOn('2024-09-04', '2024-09-05'));
    expect(
      (await t.db.ingestSource.findUniqueOrThrow({ where: { name: 'parliament' } })).watermark
        ?.toISOString()
        .slice(0, 10),
    ).toBe('2024-09-05');

    // The next day: 2024-09-05 is fetched again (answers keep arriving during a day) but nothing repeats.
    const second = await ingest({ db: t.db, source, today: '2024-09-06' });
    expect(second.window).toEqual({ from: '2024-09-05', to: '2024-09-06' });
    expect(second).toMatchObject({
      created: answeredOn('2024-09-06', '2024-09-06'),
      unchanged: answeredOn('2024-09-05', '2024-09-05'),
      updated: 0,
    });
    expect(second.newlyAnswered).toBe(second.created);

    // A failing run (the API down) records FAILED and leaves the watermark, so the next run covers the gap.
    await api.close();
    api = await startFixtureApi({ list, details, faults: [{ match: () => true, status: 503, times: 1000 }] });
    const down = createParliamentSource({
      baseUrl: api.baseUrl,
      houses: ['Commons'],
      retries: 1,
      sleep: async () => {},
    });
    await expect(ingest({ db: t.db, source: down, today: '2024-09-10' })).rejects.toThrow(/HTTP 503/);
    expect((await t.db.ingestRun.findFirstOrThrow({ orderBy: { id: 'desc' } })).status).toBe('FAILED');
    expect(
      (await t.db.ingestSource.findUniqueOrThrow({ where: { name: 'parliament' } })).watermark
        ?.toISOString()
        .slice(0, 10),
    ).toBe('2024-09-06');

    await api.close();
    api = await startFixtureApi({ list, details });
    const back = createParliamentSource({ baseUrl: api.baseUrl, houses: ['Commons'], sleep: async () => {} });
    const backfill = await ingest({
      db: t.db,
      source: back,
      window: { from: '2024-09-02', to: '2024-09-03' },
      today: '2024-09-10',
    });
    expect(backfill).toMatchObject({ isBackfill: true, created: answeredOn('2024-09-02', '2024-09-03') });
    expect(await t.db.questionEvent.count({ where: { isBackfill: true } })).toBe(backfill.created);
    expect(
      (await t.db.ingestSource.findUniqueOrThrow({ where: { name: 'parliament' } })).watermark
        ?.toISOString()
        .slice(0, 10),
    ).toBe('2024-09-06');

    const resumed = await ingest({ db: t.db, source: back, today: '2024-09-10' });
    expect(resumed.window).toEqual({ from: '2024-09-06', to: '2024-09-10' });
    expect(resumed.created).toBe(answeredOn('2024-09-07', '2024-09-10'));
    expect(await t.db.question.count()).toBe(answeredOn('2024-09-02', '2024-09-10'));
  });
});
