import { Prisma, type Db, type Member } from '@alerts/db';

export type MemberMatch = Member & {
  /** What `q` matched: the local authority's name when only a local authority did, so the list can say why. */
  matchedAuthority: string | null;
};

/** Titles a display name may start with; a list is ordered by the name without them ("Dr Caroline Johnson" under C). */
const TITLES =
  /^(?:(?:the )?rt\.? hon\.? |sir |dame |dr\.? |mr\.? |mrs\.? |ms\.? |miss |mx\.? |prof(?:essor)?\.? |lord |lady |baroness |baron |viscount |earl )+/i;
export const sortName = (name: string) => name.replace(TITLES, '');

/** Longest text a member search reads: the finder's maxlength, and where /members and /api/members cut `q`. */
export const MEMBER_SEARCH_MAX = 100;

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Members whose name, constituency or a local authority of their constituency contains `q` (any case; all members
 * for an empty `q`): those whose name or constituency is `q` exactly first, then by name without titles.
 */
export async function searchMembers(db: Db, q: string, take: number): Promise<MemberMatch[]> {
  const pattern = likePattern(q);
  const filter = q
    ? Prisma.sql`WHERE name ILIKE ${pattern} OR "listAs" ILIKE ${pattern} OR "memberFrom" ILIKE ${pattern}
        OR EXISTS (SELECT 1 FROM unnest("localAuthorities") AS a WHERE a ILIKE ${pattern})`
    : Prisma.empty;
  const found = await db.$queryRaw<{ id: number; exact: boolean }[]>`
    SELECT id, (lower(name) = lower(${q}) OR lower("memberFrom") = lower(${q})) AS exact FROM "Member" ${filter}`;
  const exact = new Set(found.filter((row) => row.exact).map((row) => row.id));
  const rows = await db.member.findMany({ where: { id: { in: found.map((row) => row.id) } } });
  const lower = q.toLowerCase();
  return rows
    .sort(
      (a, b) =>
        Number(exact.has(b.id)) - Number(exact.has(a.id)) ||
        sortName(a.name).localeCompare(sortName(b.name), 'en-GB') ||
        a.id - b.id,
    )
    .slice(0, take)
    .map((member) => {
      const byAuthority =
        q &&
        ![member.name, member.listAs ?? '', member.memberFrom ?? ''].some((text) => text.toLowerCase().includes(lower));
      return {
        ...member,
        matchedAuthority: byAuthority
          ? (member.localAuthorities.find((a) => a.toLowerCase().includes(lower)) ?? null)
          : null,
      };
    });
}
