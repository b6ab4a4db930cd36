import type { HttpClient } from './http-client';

export type ListFilter = 'answered' | 'corrected' | 'tabled';

export interface ListOptions {
  filter: ListFilter;
  from: string;
  to: string;
  house: 'Commons' | 'Lords';
  /** Page size. The API's maximum is undocumented; 100 is what mySociety uses. */
  take?: number;
}

/** The API silently ignores parameters it does not know, returning unfiltered results. We refuse those. */
class FilterIgnoredError extends Error {
  readonly code = 'FILTER_IGNORED';
  constructor(message: string) {
    super(message);
    this.name = 'FilterIgnoredError';
  }
}

interface ListPage {
  totalResults?: unknown;
  results?: unknown;
}

const FILTER_FIELD: Record<ListFilter, { from: string; to: string; field: string }> = {
  answered: { from: 'answeredWhenFrom', to: 'answeredWhenTo', field: 'dateAnswered' },
  corrected: { from: 'correctedWhenFrom', to: 'correctedWhenTo', field: 'dateAnswerCorrected' },
  tabled: { from: 'tabledWhenFrom', to: 'tabledWhenTo', field: 'dateTabled' },
};

/** Extra parameters per filter. Tabled questions include withdrawn ones, which the API hides by default. */
const EXTRA_PARAMS: Record<ListFilter, Record<string, boolean>> = {
  answered: {},
  corrected: {},
  tabled: { includeWithdrawn: true },
};

/**
 * Page through `GET /api/writtenquestions/questions` with skip/take until a page is empty or every distinct id
 * counted in `totalResults` has been seen. Yields each list item once (by id): paging a live result set can repeat.
 * Items without a numeric id are yielded too; the caller counts them as bad.
 */
export async function* listQuestions(
  client: HttpClient,
  options: ListOptions,
): AsyncGenerator<{ item: unknown; total: number }> {
  const { filter, from, to, house, take = 100 } = options;
  const params = FILTER_FIELD[filter];
  const seen = new Set<number>();
  for (let skip = 0; ; skip += take) {
    const page = (await client.getJson('/api/writtenquestions/questions', {
      [params.from]: from,
      [params.to]: to,
      house,
      expandMember: true,
      ...EXTRA_PARAMS[filter],
      skip,
      take,
    })) as ListPage;
    if (!page || typeof page !== 'object' || !Array.isArray(page.results)) {
      throw new Error(`unexpected list response at skip=${skip}: no results array`);
    }
    const total = typeof page.totalResults === 'number' ? page.totalResults : 0;
    if (page.results.length === 0) return;
    for (const item of page.results) {
      const value = (item as { value?: Record<string, unknown> })?.value ?? (item as Record<string, unknown>);
      const id = value?.id;
      const date = value?.[params.field];
      if (typeof date === 'string' && (date.slice(0, 10) < from || date.slice(0, 10) > to)) {
        throw new FilterIgnoredError(
          `the API returned question ${String(id)} with ${params.field}=${date.slice(0, 10)} outside ${from}..${to}: ` +
            `the ${params.from}/${params.to} filter did not take effect (has the API renamed it?)`,
        );
      }
      if (typeof id === 'number') {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      yield { item, total };
    }
    if (total > 0 && seen.size >= total) return;
  }
}
