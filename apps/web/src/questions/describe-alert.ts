import type { Db } from '@alerts/db';
import { describeQuery, type Query } from '@alerts/matching';
import { loadMembers } from './load-members';

const MEMBER_ID = /\b(?:member|speaker):(\d{1,9})\b/gi;

/**
 * describeQuery in the visitor's terms: "asked or answered by Jeremy Corbyn" rather than "by member 185" when we
 * know the member's name. `text` is the query as written, for the member ids; `askings` for an alert that also tells
 * of questions when they are asked ("questions and answers mentioning …").
 */
export async function describeAlert(db: Db, query: Query, text: string, options: { askings?: boolean } = {}): Promise<string> {
  const ids = [...text.matchAll(MEMBER_ID)].map((m) => Number(m[1]));
  const described = describeQuery(query, options);
  if (!ids.length) return described;
  const members = await loadMembers(db, ids);
  return described.replace(/\bby member (\d+)/g, (whole, id: string) => {
    const member = members.get(Number(id));
    return member ? `by ${member.name}` : whole;
  });
}
