import type { Db } from '@alerts/db';
import type { Query } from '@alerts/matching';
import { describeWithNames } from '@alerts/composition';

/**
 * describeQuery in the visitor's terms: "asked or answered by Jeremy Corbyn" rather than "by member 185" when we
 * know the member's name. `text` is the query as written, for the member ids; `askings` for an alert that also tells
 * of questions when they are asked ("questions and answers mentioning …").
 */
export function describeAlert(
  db: Db,
  query: Query,
  text: string,
  options: { askings?: boolean } = {},
): Promise<string> {
  return describeWithNames(db, query, text, options);
}
