/**
 * The only error the query parser throws. `position` is the 0-based character index in the query text where the
 * problem was found, for pointing at it in a form.
 */
export class QueryError extends Error {
  readonly code = 'QUERY_INVALID' as const;

  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
