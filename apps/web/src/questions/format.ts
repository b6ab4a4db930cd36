import type { Member } from '@alerts/db';

/** "27 November 2026" (dates are calendar dates stored at UTC midnight). */
export function formatDate(date: Date | null | undefined): string {
  if (!date) return '';
  return date.toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * "Jane Smith (Labour, Commons)", or "Member 185" when the Members table has no row for that id: we never invent
 * a name.
 */
export function memberLabel(id: number | null, members: ReadonlyMap<number, Member>): string {
  if (id === null) return '';
  const member = members.get(id);
  if (!member) return `Member ${id}`;
  const detail = [member.party, member.house].filter(Boolean).join(', ');
  return detail ? `${member.name} (${detail})` : member.name;
}
