import { recordedResponses, startFixtureApi, type FixtureApi } from '../testing/fixture-api';
import type { SourceItem } from '../source';
import { createParliamentSource } from './parliament-source';

// Real recorded responses served over real HTTP on localhost: the adapter cannot reach the live API here.
async function collect(iterable: AsyncIterable<SourceItem>): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const idOf = (item: SourceItem) =>
  item.kind === 'record' ? (item.record as { value: { id: number } }).value.id : null;

describe('Parliament source over HTTP', () => {
  const { list, details } = recordedResponses();
  const window = { from: '2024-09-02', to: '2024-09-05' };
  const expectedIds = list
    .filter(
      (i) =>
        String(i.value.dateAnswered).slice(0, 10) >= window.from &&
        String(i.value.dateAnswered).slice(0, 10) <= window.to,
    )
    .map((i) => i.value.id as number);
  let api: FixtureApi | undefined;
  afterEach(async () => api?.close());

  it('pages through the list, fetches every detail once, and keeps at most 3 requests in flight', async () => {
    api = await startFixtureApi({ list, details, latencyMs: 5 });
    const source = createParliamentSource({ baseUrl: api.baseUrl, pageSize: 50, houses: ['Commons'] });
    const items = await collect(source.fetch({ window }));

    expect(expectedIds.length).toBeGreaterThan(150);
    expect(items.map(idOf).sort()).toEqual([...expectedIds].sort());
    const listCalls = api.requests.filter(
      (u) => u.pathname === '/api/writtenquestions/questions' && u.searchParams.has('answeredWhenFrom'),
    );
    expect(listCalls.map((u) => u.searchParams.get('skip'))).toEqual(['0', '50', '100', '150']);
    expect(
      listCalls.every(
        (u) => u.searchParams.get('expandMember') === 'true' && u.searchParams.get('house') === 'Commons',
      ),
    ).toBe(true);
    // Full text comes from the detail route: the list's answerText is cut to 255 characters plus "...".
    const withLongform = items.find((i) => idOf(i) === 1725497) as
      { record: { value: { answerText: string } } } | undefined;
    expect(withLongform?.record.value.answerText.length).toBeGreaterThan(258);
    expect(api.requests.filter((u) => /questions\/\d+$/.test(u.pathname))).toHaveLength(expectedIds.length);
    expect(api.maxInFlight).toBeLessThanOrEqual(3);
    expect(api.maxInFlight).toBeGreaterThan(1);
  });

  it('also lists corrections, which keep their original answer date', async () => {
    api = await startFixtureApi({ list, details });
    const source = createParliamentSource({ baseUrl: api.baseUrl, houses: ['Commons'] });
    const items = await collect(source.fetch({ window: { from: '2024-09-23', to: '2024-09-23' } }));
    // 1725968 was answered on 2024-09-09 and corrected on 2024-09-23.
    expect(items.map(idOf)).toContain(1725968);
    expect(api.requests.some((u) => u.searchParams.get('correctedWhenFrom') === '2024-09-23')).toBe(true);
  });

  it('waits as Retry-After asks on 429, backs off on 500, and then succeeds', async () => {
    api = await startFixtureApi({
      list,
      details,
      faults: [
        { match: (u) => u.searchParams.get('skip') === '50', status: 429, headers: { 'retry-after': '7' } },
        { match: (u) => u.pathname.endsWith(`/${expectedIds[3]}`), status: 500 },
      ],
    });
    const waits: number[] = [];
    const source = createParliamentSource({
      baseUrl: api.baseUrl,
      pageSize: 50,
      houses: ['Commons'],
      backoffMs: 200,
      sleep: async (ms) => void waits.push(ms), // record the waits instead of sleeping through them
    });
    const items = await collect(source.fetch({ window }));
    expect(items.map(idOf).sort()).toEqual([...expectedIds].sort());
    expect(waits[0]).toBe(7000);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeGreaterThanOrEqual(150);
    expect(waits[1]).toBeLessThanOrEqual(250);
    expect(
      api.requests.filter((u) => u.searchParams.get('skip') === '50' && u.searchParams.has('answeredWhenFrom')),
    ).toHaveLength(2);
  });

  it('gives up after its retries with an error naming the URL', async () => {
    api = await startFixtureApi({ list, details, faults: [{ match: () => true, status: 503, times: 100 }] });
    const source = createParliamentSource({
      baseUrl: api.baseUrl,
      houses: ['Commons'],
      retries: 2,
      sleep: async () => {},
    });
    await expect(collect(source.fetch({ window }))).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:\d+\/api\/writtenquestions\/questions\?.*failed: HTTP 503 after 3 attempts/,
    );
  });

  it('passes a malformed list item and a vanished detail on as bad items, and carries on', async () => {
    const broken = list.map((item) =>
      item.value.id === expectedIds[0] ? { value: { ...item.value, id: undefined } } : item,
    );
    const missing = new Map(details);
    missing.delete(expectedIds[1]!);
    api = await startFixtureApi({ list: broken, details: missing });
    const source = createParliamentSource({ baseUrl: api.baseUrl, houses: ['Commons'] });
    const items = await collect(source.fetch({ window }));
    const bad = items.filter((i) => i.kind === 'bad');
    expect(bad).toEqual([
      { kind: 'bad', recordId: expect.stringMatching(/^uin /), reason: 'list item has no numeric id' },
      { kind: 'bad', recordId: String(expectedIds[1]), reason: 'detail returned 404' },
    ]);
    expect(items.filter((i) => i.kind === 'record')).toHaveLength(expectedIds.length - 2);
  });

  it('passes a detail that fails after its retries on as a bad item, and carries on', async () => {
    const failing = expectedIds[2]!;
    api = await startFixtureApi({
      list,
      details,
      faults: [{ match: (u) => u.pathname.endsWith(`/questions/${failing}`), status: 500, times: Infinity }],
    });
    const source = createParliamentSource({
      baseUrl: api.baseUrl,
      houses: ['Commons'],
      retries: 2,
      sleep: async () => {},
    });
    const items = await collect(source.fetch({ window }));
    expect(items.filter((i) => i.kind === 'bad')).toEqual([
      { kind: 'bad', recordId: String(failing), reason: 'detail returned HTTP 500 after 3 attempts' },
    ]);
    expect(items.filter((i) => i.kind === 'record')).toHaveLength(expectedIds.length - 1);
  });

  it('fails when several details in a row fail: the API is down, not one record bad', async () => {
    api = await startFixtureApi({
      list,
      details,
      faults: [{ match: (u) => /\/questions\/\d+$/.test(u.pathname), status: 502, times: Infinity }],
    });
    const source = createParliamentSource({
      baseUrl: api.baseUrl,
      houses: ['Commons'],
      retries: 0,
      maxConsecutiveDetailFailures: 4,
    });
    const seen: SourceItem[] = [];
    await expect(
      (async () => {
        for await (const item of source.fetch({ window })) seen.push(item);
      })(),
    ).rejects.toThrow(/^4 question details in a row failed, the last \d+: GET .* failed: HTTP 502/);
    expect(seen).toHaveLength(3); // handed on as bad records before the fourth showed the pattern
  });

  it('refuses results outside the requested window: the API ignores filters it does not know', async () => {
    api = await startFixtureApi({
      list,
      details,
      faults: [
        {
          match: (u) => u.searchParams.has('answeredWhenFrom'),
          status: 200,
          body: JSON.stringify({ totalResults: 1004, results: list.slice(0, 20) }),
        },
      ],
    });
    const source = createParliamentSource({ baseUrl: api.baseUrl, houses: ['Commons'] });
    await expect(collect(source.fetch({ window: { from: '2024-09-02', to: '2024-09-02' } }))).rejects.toThrow(
      /filter did not take effect/,
    );
  });
});
