import type { Member } from '@alerts/db';
import { html, type SafeHtml } from './html';

/** The member's own page on parliament.uk, for members whose names we do not hold. */
export const parliamentMemberUrl = (id: number) => `https://members.parliament.uk/member/${id}/contact`;

/**
 * A member as a person: "Jane Smith (Labour, Commons)" linking to our member page when we hold the name, otherwise
 * "a member whose name we do not hold" with a link to their page on parliament.uk. We never invent a name, and never show a bare
 * id as if it were one.
 */
export function memberName(id: number | null, members: ReadonlyMap<number, Member>): SafeHtml {
  if (id === null) return html``;
  const member = members.get(id);
  if (!member)
    return html`a member whose name we do not hold (<a href="${parliamentMemberUrl(id)}">see who on parliament.uk</a>)`;
  const detail = [member.party, member.house].filter(Boolean).join(', ');
  return html`<a href="/members/${member.id}">${member.name}</a>${detail ? ` (${detail})` : ''}`;
}
