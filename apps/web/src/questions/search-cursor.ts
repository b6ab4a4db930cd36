/**
 * A keyset position in a newest-first list of questions: the last one a page showed or examined. `date` is the
 * date the list is ordered by (the answer date for answers, the tabled date for questions still waiting).
 */
export interface SearchCursor {
  date: Date;
  id: number;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2})\.(\d{1,9})$/;

/** `2024-05-01.1700002`, for a URL's `?after=`. */
export function formatSearchCursor(cursor: SearchCursor): string {
  return `${cursor.date.toISOString().slice(0, 10)}.${cursor.id}`;
}

/** `?after=` back to a cursor; null when missing or malformed (the first page). */
export function parseSearchCursor(value: unknown): SearchCursor | null {
  const match = typeof value === 'string' ? CURSOR.exec(value) : null;
  if (!match?.[1] || !match[2]) return null;
  const date = new Date(`${match[1]}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : { date, id: Number(match[2]) };
}
