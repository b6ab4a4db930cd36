import type { Db } from '@alerts/db';
import { MAX_QUERY_LENGTH, validateQuery, type Query } from '@alerts/matching';
import { resolveNames } from '../questions/resolve-names';
import type { SafeHtml } from '../views/html';
import { nameProblem } from '../views/name-problem';
import { queryError } from '../views/query-error';

/** `?q=` as typed, cut just past the longest query, so an over-long one still gets the parser's message. */
export function searchText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_QUERY_LENGTH + 1) : '';
}

/**
 * A search box's query in the alert language, as /search and /tabled read it: member names resolved to ids, then
 * parsed. A problem comes back as the message to show under the box (where, and what to write instead).
 */
export async function checkSearchQuery(
  db: Db,
  text: string,
): Promise<{ ok: true; query: Query; resolved: string } | { ok: false; problem: SafeHtml }> {
  const resolved = await resolveNames(db, text);
  if (!resolved.ok) return { ok: false, problem: nameProblem(resolved.problem) };
  const checked = validateQuery(resolved.query);
  if (!checked.ok) return { ok: false, problem: queryError(text, checked.error) };
  return { ok: true, query: checked.query, resolved: resolved.query };
}
