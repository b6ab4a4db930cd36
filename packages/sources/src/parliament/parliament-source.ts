import { fromMemberViewModel, fromMembersApi, type MemberInfo } from '../members/member-info';
import { loadSampleMembers } from '../sample/load-members';
import { recordIdOf, unwrapRecord } from '../api-record';
import type { FetchOptions, QuestionSource, SourceItem } from '../source';
import { createHttpClient, HttpError, type HttpClientOptions } from './http-client';
import { listQuestions, type ListFilter } from './list-questions';

export interface ParliamentSourceOptions extends Omit<HttpClientOptions, 'baseUrl'> {
  /** Written Questions API, e.g. https://questions-statements-api.parliament.uk */
  baseUrl: string;
  /** Members API, e.g. https://members-api.parliament.uk. Optional: names then come from expandMember only. */
  membersBaseUrl?: string;
  houses?: ('Commons' | 'Lords')[];
  pageSize?: number;
  /**
   * Details failing one after another (after the client's retries) that mean the API is down, not that a record is
   * bad: the run then fails instead of handing on hundreds of bad records one retry cycle each. Default 5.
   */
  maxConsecutiveDetailFailures?: number;
}

/**
 * The UK Parliament Written Questions API. For a date window: list questions answered in it, corrected in it
 * (corrections keep their original dateAnswered) and tabled in it (withdrawn included), for each House; add the
 * `refreshIds` asked for; de-duplicate by id; then fetch every question's detail, because list text is truncated.
 */
export function createParliamentSource(
  options: ParliamentSourceOptions,
): QuestionSource & { fetchMember(id: number): Promise<MemberInfo | null> } {
  const client = createHttpClient(options);
  const membersClient = options.membersBaseUrl
    ? createHttpClient({ ...options, baseUrl: options.membersBaseUrl })
    : null;
  const houses = options.houses ?? ['Commons', 'Lords'];
  const seenMembers = new Map<number, MemberInfo>();

  function remember(value: Record<string, unknown>) {
    const house = value.house === 'Lords' ? 'Lords' : 'Commons';
    for (const key of ['askingMember', 'answeringMember', 'correctingMember']) {
      const member = value[key];
      if (member && typeof member === 'object') {
        const info = fromMemberViewModel(member as never, house);
        if (info) seenMembers.set(info.id, info);
      }
    }
  }

  async function* fetchAll({ window, refreshIds = [], onProgress, signal }: FetchOptions): AsyncGenerator<SourceItem> {
    if (!window) throw new Error('the parliament source needs a date window');
    const ids: number[] = [];
    const known = new Set<number>();
    let listed = 0;
    for (const house of houses) {
      for (const filter of ['answered', 'corrected', 'tabled'] as ListFilter[]) {
        for await (const { item, total } of listQuestions(client, {
          filter,
          from: window.from,
          to: window.to,
          house,
          take: options.pageSize,
        })) {
          signal?.throwIfAborted();
          listed++;
          onProgress?.({ phase: 'list', done: listed, total: Math.max(total, listed) });
          const id = (unwrapRecord(item) as { id?: unknown })?.id;
          if (typeof id !== 'number' || !Number.isInteger(id)) {
            yield { kind: 'bad', recordId: recordIdOf(item), reason: 'list item has no numeric id' };
          } else if (!known.has(id)) {
            known.add(id);
            ids.push(id);
          }
        }
      }
    }
    for (const id of refreshIds) {
      if (!known.has(id)) {
        known.add(id);
        ids.push(id);
      }
    }
    // Fetch details concurrently (the client caps requests in flight) but yield in list order.
    const details = ids.map((id) =>
      client.getJson(`/api/writtenquestions/questions/${id}`, { expandMember: true }).then(
        (body) => ({ id, body }),
        (error: unknown) => ({ id, error }),
      ),
    );
    let done = 0;
    let failedInARow = 0;
    const maxFailedInARow = options.maxConsecutiveDetailFailures ?? 5;
    for (const pending of details) {
      signal?.throwIfAborted();
      const result = await pending;
      onProgress?.({ phase: 'detail', done: ++done, total: ids.length });
      if ('error' in result) {
        // One question's detail failing (404, or 5xx and timeouts after the client's retries) is one bad record: the
        // ingester quarantines it and fetches it again later by id. Several in a row is the API failing: that fails
        // the run, so the watermark does not move past questions we never stored.
        if (!(result.error instanceof HttpError)) throw result.error;
        if (result.error.status !== 404 && ++failedInARow >= maxFailedInARow) {
          throw new Error(
            `${failedInARow} question details in a row failed, the last ${result.id}: ${result.error.message}`,
            { cause: result.error },
          );
        }
        // "GET <url> failed: HTTP 500 after 6 attempts" → "detail returned HTTP 500 after 6 attempts"
        const reason =
          result.error.status === 404
            ? 'detail returned 404'
            : `detail returned ${result.error.message.replace(/^GET \S+ (failed: )?/, '')}`;
        yield { kind: 'bad', recordId: String(result.id), reason };
        continue;
      }
      failedInARow = 0;
      const value = unwrapRecord(result.body);
      if (value && typeof value === 'object') remember(value as Record<string, unknown>);
      yield { kind: 'record', record: result.body };
    }
  }

  return {
    name: 'parliament',
    fetch: fetchAll,
    knownMembers: async () => [...seenMembers.values()],
    // Every sitting MP and the askers the interests dataset names: names (and constituencies, regions, local
    // authorities, which the Members API does not give) for members no record of this run named.
    fallbackMembers: async () => loadSampleMembers(),
    fetchMember: async (id) => {
      if (!membersClient) return seenMembers.get(id) ?? null;
      try {
        const body = (await membersClient.getJson(`/api/Members/${id}`)) as { value?: unknown };
        return fromMembersApi(body?.value as never);
      } catch (error) {
        if (error instanceof HttpError && error.status === 404) return null;
        throw error;
      }
    },
  };
}
