import type { Db, Member } from '@alerts/db';

/** The Members rows for these ids, keyed by id; ids we have no row for are simply absent. */
export async function loadMembers(db: Db, ids: readonly (number | null)[]): Promise<Map<number, Member>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.member.findMany({ where: { id: { in: wanted } } });
  return new Map(rows.map((row) => [row.id, row]));
}
