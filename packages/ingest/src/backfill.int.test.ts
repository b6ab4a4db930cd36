import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createSampleSource, type QuestionSource } from '@alerts/sources';
import { backfill } from './backfill';
import { splitWindow } from './dates';
import { ingest } from './ingest';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => t.drop());

const SEPTEMBER = { from: '2024-09-01', to: '2024-09-30' };

/** The sample source, failing on its `failOn`-th fetch (a crash half-way through a backfill). */
function crashingSource(failOn: number): QuestionSource {
  const sample = createSampleSource();
  let calls = 0;
  return {
    ...sample,
    async *fetch(options) {
      calls += 1;
      if (calls === failOn) throw new Error('connection reset');
      yield* sample.fetch(options);
    },
  };
}

describe('splitWindow', () => {
  it('cuts a window into consecutive chunks, the last one short', () => {
    expect(splitWindow(SEPTEMBER, 7)).toEqual([
      { from: '2024-09-01', to: '2024-09-07' },
      { from: '2024-09-08', to: '2024-09-14' },
      { from: '2024-09-15', to: '2024-09-21' },
      { from: '2024-09-22', to: '2024-09-28' },
      { from: '2024-09-29', to: '2024-09-30' },
    ]);
    expect(splitWindow({ from: '2024-08-01', to: '2024-08-01' }, 7)).toEqual([
      { from: '2024-08-01', to: '2024-08-01' },
    ]);
  });
});

describe('backfill', () => {
  it('resumes after a crash from the first unfinished week, and ends with what one run would store', async () => {
    await expect(backfill({ db: t.db, source: crashingSource(3), window: SEPTEMBER })).rejects.toThrow(
      'connection reset',
    );
    const runs = await t.db.ingestRun.findMany({ orderBy: { id: 'asc' }, select: { status: true } });
    expect(runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'FAILED']);

    const resumed = await backfill({ db: t.db, source: createSampleSource(), window: SEPTEMBER });
    expect(resumed).toMatchObject({ chunks: 5, skippedChunks: 2 });
    const again = await backfill({ db: t.db, source: createSampleSource(), window: SEPTEMBER });
    expect(again).toMatchObject({ chunks: 5, skippedChunks: 5, fetched: 0 });

    // The same rows as one ingest of the whole window into an empty database.
    const once = await createTestDatabase();
    try {
      const whole = await ingest({ db: once.db, source: createSampleSource(), window: SEPTEMBER });
      expect(whole.created).toBeGreaterThan(500);
      expect(await t.db.question.count()).toBe(whole.created);
    } finally {
      await once.drop();
    }
    // Without resume every week is fetched again, and nothing changes.
    const fresh = await backfill({ db: t.db, source: createSampleSource(), window: SEPTEMBER, resume: false });
    expect(fresh).toMatchObject({ skippedChunks: 0, created: 0, updated: 0 });
    expect(fresh.unchanged).toBe(fresh.fetched);
  });
});
