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
const answeredOn = (from: string, to: string) =>
  list.filter(
    (i) => String(i.value.dateAnswered).slice(0, 10) >= from && String(i.value.dateAnswered).slice(0, 10) <= to,
  );
const ids = (items: Item[]) => items.map((i) => i.value.id as number).sort((a, b) => a - b);
const watermark = async () =>
  (await t.db.ingestSource.findUniqueOrThrow({ where: { name: 'parliament' } })).watermark?.toISOString().slice(0, 10);
const storedIds = async () =>
  (await t.db.question.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((q) => q.id);
const detailRequests = (id: number) => api!.requests.filter((u) => u.pathname.endsWith(`/questions/${id}`)).length;
const quarantine = () => t.db.quarantinedRecord.findMany({ orderBy: { recordId: 'asc' } });
const minutes = (start: Date, n: number) => new Date(start.getTime() + n * 60_000);

/** The parliament source on the fixture; no waiting between the client's retries (sleep is a no-op). */
const sourceOn = (fixture: FixtureApi) =>
  createParliamentSource({ baseUrl: fixture.baseUrl, houses: ['Commons'], sleep: async () => {} });

describe('a detail that always answers HTTP 500', () => {
  it('the rest of the window is stored and the watermark moves; the record is quarantined, and stored once the API is fixed although dated before the watermark', async () => {
    const firstWindow = answeredOn('2024-09-04', '2024-09-05');
    const bad = firstWindow.find((i) => String(i.value.dateAnswered).startsWith('2024-09-04'))!.value.id as number;
    let broken = true;
    api = await startFixtureApi({
      list,
      details,
      faults: [{ match: (u) => broken && u.pathname.endsWith(`/questions/${bad}`), status: 500, times: Infinity }],
    });
    const source = sourceOn(api);
    const now = new Date('2024-09-05T10:00:00Z');

    const first = await ingest({ db: t.db, source, today: '2024-09-05', now });
    expect(first.window).toEqual({ from: '2024-09-04', to: '2024-09-05' });
    expect(first).toMatchObject({
      fetched: firstWindow.length,
      created: firstWindow.length - 1,
      quarantined: 1,
      resolved: 0,
    });
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
    expect((await quarantine())[0]).toMatchObject({
      attempts: 2,
      nextRetryAt: minutes(now, 11 + 20),
      resolvedAt: null,
    });

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
    expect(
      (await t.db.questionEvent.findMany({ where: { questionId: bad } })).map((e) => [e.kind, e.ingestRunId]),
    ).toEqual([['ANSWERED', fixed.runId]]);
    expect((await quarantine())[0]).toMatchObject({ attempts: 2, resolvedAt: expect.any(Date) });
    expect(await watermark()).toBe('2024-09-10');

    // Resolved means no more retries.
    const after = detailRequests(bad);
    await ingest({ db: t.db, source, today: '2024-09-10', now: minutes(now, 24 * 60) });
    expect(detailRequests(bad)).toBe(after);
  });
});

/** The detail map with `change` applied to the records of these ids: a format changed upstream. */
const withDetails = (changed: number[], change: (value: Record<string, unknown>) => Record<string, unknown>) => {
  const copy = new Map(details);
  for (const id of changed) {
    const item = copy.get(id)!;
    copy.set(id, { ...item, value: change(item.value) });
  }
  return copy;
};
// A plausible upstream change: dates sent as UK day/month/year instead of ISO.
const ukDates = (value: Record<string, unknown>) => ({
  ...value,
  dateTabled: `${String(value.dateTabled).slice(8, 10)}/${String(value.dateTabled).slice(5, 7)}/${String(value.dateTabled).slice(0, 4)}`,
});

describe('every record of a window rejected by validation', () => {
  it('fails the run with how many and why, keeps the watermark, quarantines them all; once fixed, the same window is stored', async () => {
    const window = answeredOn('2024-09-02', '2024-09-03');
    // The fixture reads the map on every request: the test fixes records upstream by setting them back.
    const live = withDetails(ids(window), ukDates);
    api = await startFixtureApi({ list, details: live });
    const source = sourceOn(api);
    await t.db.ingestSource.create({ data: { name: 'parliament', watermark: new Date('2024-09-02T00:00:00Z') } });

    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (_: object, message: string) => void warnings.push(message) };
    const failed = ingest({ db: t.db, source, today: '2024-09-03', logger });
    await expect(failed).rejects.toThrow(
      new RegExp(
        `^rejected ${window.length} of ${window.length} records fetched \\(the limit is 5% and at least 3\\): \\d+: dateTabled: expected a date like 2024-08-29T00:00:00; .*; and ${window.length - 3} more\\.`,
      ),
    );
    await expect(failed).rejects.toMatchObject({
      code: 'INGEST_TOO_MANY_REJECTED',
      summary: { fetched: window.length, created: 0, skipped: window.length, quarantined: window.length },
    });
    const run = await t.db.ingestRun.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(run).toMatchObject({
      status: 'FAILED',
      fetched: window.length,
      skipped: window.length,
      error: expect.stringContaining('the watermark stays at 2024-09-02'),
    });
    expect(await watermark()).toBe('2024-09-02');
    expect(await storedIds()).toEqual([]);
    expect((await quarantine()).map((r) => Number(r.recordId))).toEqual(ids(window));
    expect(warnings).toContain(`ingest run ${run.id} failed; the watermark did not move`);

    // Upstream fixes the format: the next run fetches the same window again, stores it all and resolves every row.
    for (const id of ids(window)) live.set(id, details.get(id)!);
    const next = await ingest({ db: t.db, source, today: '2024-09-03' });
    expect(next).toMatchObject({
      window: { from: '2024-09-02', to: '2024-09-03' },
      created: window.length,
      skipped: 0,
      resolved: window.length,
    });
    expect(await storedIds()).toEqual(ids(window));
    expect((await quarantine()).every((r) => r.resolvedAt !== null)).toBe(true);
    expect(await watermark()).toBe('2024-09-03');
  });

  it('a few rejected among many is no reason to fail: the run succeeds and quarantines them', async () => {
    const window = answeredOn('2024-09-04', '2024-09-05');
    const bad = ids(window).slice(0, 3); // 3 of 144: over the minimum, under 5%
    api = await startFixtureApi({ list, details: withDetails(bad, ukDates) });
    const summary = await ingest({ db: t.db, source: sourceOn(api), today: '2024-09-05' });
    expect(summary).toMatchObject({ created: window.length - 3, skipped: 3, quarantined: 3 });
    expect(await watermark()).toBe('2024-09-05');
  });

  it('more than the threshold rejected: the good records are still stored, but the run fails and keeps the watermark', async () => {
    const window = answeredOn('2024-09-02', '2024-09-03');
    const bad = ids(window).slice(0, 2); // 2 of 19: over 5%, but at least 3 are needed to fail…
    api = await startFixtureApi({ list, details: withDetails(bad, ukDates) });
    await expect(ingest({ db: t.db, source: sourceOn(api), today: '2024-09-03' })).resolves.toMatchObject({
      created: window.length - 2,
      quarantined: 2,
    });
    await api.close();
    // …and with a stricter threshold two are enough.
    await t.db.ingestSource.update({
      where: { name: 'parliament' },
      data: { watermark: new Date('2024-09-02T00:00:00Z') },
    });
    await t.db.question.deleteMany();
    api = await startFixtureApi({ list, details: withDetails(bad, ukDates) });
    await expect(
      ingest({ db: t.db, source: sourceOn(api), today: '2024-09-03', rejectThreshold: { share: 0.05, min: 2 } }),
    ).rejects.toThrow(/^rejected 2 of 19 records fetched \(the limit is 5% and at least 2\)/);
    expect(await storedIds()).toEqual(ids(window).filter((id) => !bad.includes(id)));
    expect(await watermark()).toBe('2024-09-02');
  });
});

describe('a record rejected by validation, fixed upstream after the watermark passed its date', () => {
  it('is stored by a later run, which resolves its quarantine', async () => {
    const window = answeredOn('2024-09-04', '2024-09-05');
    const bad = window[0]!.value.id as number;
    const live = withDetails([bad], (value) => ({ ...value, uin: 14770 })); // a number where a string was
    api = await startFixtureApi({ list, details: live });
    const source = sourceOn(api);
    const now = new Date('2024-09-05T10:00:00Z');

    const first = await ingest({ db: t.db, source, today: '2024-09-05', now });
    expect(first).toMatchObject({ created: window.length - 1, quarantined: 1 });
    expect((await quarantine())[0]).toMatchObject({
      recordId: String(bad),
      reason: expect.stringMatching(/^uin: /),
      attempts: 1,
    });
    // Days pass: the watermark moves on past the record's answer date.
    await ingest({ db: t.db, source, today: '2024-09-10', now: minutes(now, 5) });
    expect(await watermark()).toBe('2024-09-10');

    live.set(bad, details.get(bad)!);
    const later = await ingest({ db: t.db, source, today: '2024-09-11', now: minutes(now, 60) });
    expect(later).toMatchObject({
      window: { from: '2024-09-10', to: '2024-09-11' },
      retried: 1,
      resolved: 1,
      quarantined: 0,
    });
    expect(await storedIds()).toContain(bad);
    expect((await quarantine())[0]!.resolvedAt).toEqual(minutes(now, 60));
  });
});
