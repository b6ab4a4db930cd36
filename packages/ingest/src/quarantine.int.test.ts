import { createTestDatabase, type TestDatabase } from '@alerts/db/testing';
import { createParliamentSource } from '@alerts/sources';
import { recordedResponses, startFixtureApi, type FixtureApi } from '@alerts/sources/testing';
import { ingest } from './ingest';

// The Parliament source over HTTP against recorded real responses, with one record broken upstream: a detail that
// always answers 500, or fields in a format the normaliser rejects. Nothing may block the run on one bad record,
// and nothing may be skipped for good once the watermark has passed it.

type Item = { value: Record<string, unknown>; links?: unknown };

let t: TestDatabase;
let api: FixtureApi | undefined;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  await t.drop();
});

const { list, details } = recordedResponses();
const answeredOn = (from: string, to: string) => list.filter((i) => String(i.value.dateAnswered).slice(0, 10) >= from && String(i.value.dateAnswered).slice(0, 10) <= to);
const ids = (items: Item[]) => items.map((i) => i.value.id as number).sort((a, b) => a - b);
const watermark = async () => (await t.db.ingestSource.findUniqueOrThrow({ where: { name: 'parliament' } })).watermark?.toISOString().slice(0, 10);
const storedIds = async () => (await t.db.question.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((q) => q.id);
const detailRequests = (id: number) => api!.requests.filter((u) => u.pathname.endsWith(`/questions/${id}`)).length;
const quarantine = () => t.db.quarantinedRecord.findMany({ orderBy: { recordId: 'asc' } });
const minutes = (start: Date, n: number) => new Date(start.getTime() + n * 60_000);

/** The parliament source on the fixture; no waiting between the client's retries (sleep is a no-op). */
const sourceOn = (fixture: FixtureApi) => createParliamentSource({ baseUrl: fixture.baseUrl, houses: ['Commons'], sleep: async () => {} });

describe('a detail that always answers HTTP 500', () => {
  it('the rest of the window is stored and the watermark moves; the record is quarantined, and stored once the API is fixed although dated before the watermark', async () => {
    const firstWindow = answeredOn('2024-09-04', '2024-09-05');
    const bad = firstWindow.find((i) => String(i.value.dateAnswered).startsWith('2024-09-04'))!.value.id as number;
    let broken = true;
    api = await startFixtureApi({ list, details, faults: [{ match: (u) => broken && u.pathname.endsWith(`/questions/${bad}`), status: 500, times: Infinity }] });
    const source = sourceOn(api);
    const now = new Date('2024-09-05T10:00:00Z');

    const first = await ingest({ db: t.db, source, today: '2024-09-05', now });
    expect(first.window).toEqual({ from: '2024-09-04', to: '2024-09-05' });
    expect(first).toMatchObject({ fetched: firstWindow.length, created: firstWindow.length - 1, quarantined: 1, resolved: 0 });
    expect(await storedIds()).toEqual(ids(firstWindow).filter((id) => id !== bad));
    expect(await watermark()).toBe('2024-09-05');
    expect((await t.db.ingestRun.findUniqueOrThrow({ where: { id: first.runId } })).status).toBe('SUCCEEDED');
    const [row] = await quarantine();
    expect(row).toMatchObject({ source: 'parliament', recordId: String(bad), attempts: 1, resolvedAt: null });
    expect(row!.reason).toMatch(/HTTP 500/);
    expect(row!.nextRetryAt).toEqual(minutes(now, 10));

    // Still broken, and due again: a second failure doubles the wait.
    const second = await ingest({ db: t.db, source, today: '2024-09-06', now: minutes(now, 11) });
    expect(second).toMatchObject({ quarantined: 1, resolved: 0 });
    expect((await quarantine())[0]).toMatchObject({ attempts: 2, nextRetryAt: minutes(now, 11 + 20), resolvedAt: null });

    // Fixed upstream. Before its retry is due, a run leaves it alone.
    broken = false;
    const requestsBefore = detailRequests(bad);
    await ingest({ db: t.db, source, today: '2024-09-06', now: minutes(now, 12) });
    expect(detailRequests(bad)).toBe(requestsBefore);
    expect(await storedIds()).not.toContain(bad);

    // Due: fetched although the window (from the watermark, 2024-09-06) no longer covers its answer date.
    const fixed = await ingest({ db: t.db, source, today: '2024-09-10', now: minutes(now, 40) });
    expect(fixed.window).toEqual({ from: '2024-09-06', to: '2024-09-10' });
    expect(fixed).toMatchObject({ quarantined: 0, resolved: 1 });
    expect(await storedIds()).toContain(bad);
    expect((await t.db.questionEvent.findMany({ where: { questionId: bad } })).map((e) => [e.kind, e.ingestRunId])).toEqual([['ANSWERED', fixed.runId]]);
    expect((await quarantine())[0]).toMatchObject({ attempts: 2, resolvedAt: expect.any(Date) });
    expect(await watermark()).toBe('2024-09-10');

    // Resolved means no more retries.
    const after = detailRequests(bad);
    await ingest({ db: t.db, source, today: '2024-09-10', now: minutes(now, 24 * 60) });
    expect(detailRequests(bad)).toBe(after);
  });
});
