import { parseQuery } from './parse-query';
import type { Query } from './query';
import { QueryError } from './query-error';

/** The outcome of `validateQuery`: the parsed query, or a message and 0-based position to show beside the input. */
export type QueryValidation = { ok: true; query: Query } | { ok: false; error: { message: string; position: number } };

/** Parse without throwing, for forms and the CLI. */
export function validateQuery(text: string): QueryValidation {
  try {
    return { ok: true, query: parseQuery(text) };
  } catch (error) {
    if (error instanceof QueryError) return { ok: false, error: { message: error.message, position: error.position } };
    throw error;
  }
}
