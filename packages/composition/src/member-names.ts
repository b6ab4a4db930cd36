import type { Db, Member } from '@alerts/db';
import { describeQuery, type DescribeOptions, type Query } from '@alerts/matching';

/** At most this many members are offered when a name fits several or none. */
export const MAX_NAME_CANDIDATES = 5;

/** A `member:"…"` the visitor wrote that does not name exactly one member we know. */
export interface NameProblem {
  message: string;
  /** 0-based offset of the filter in the query text. */
  position: number;
  /** What the visitor may have meant, best first, each as words and as the filter to write. */
  candidates: { label: string; filter: string }[];
}

export type MemberNameResolution = { ok: true; query: string; members: Member[] } | { ok: false; problem: NameProblem };

// `member:"Jane Smith"` or `speaker:'Jane Smith'`; a bare number (member:4641) is the language's own form.
const MEMBER_BY_NAME = /\b(member|speaker):"([^"]{1,100})"/gi;
const MEMBER_BY_ID = /\b(member|speaker):(\d{1,9})\b/gi;

/** "Jane Smith (Labour, Bristol Central)": a member as a candidate or in a list. */
export const describeMember = (member: Pick<Member, 'name' | 'party' | 'memberFrom' | 'house'>) => {
  const detail = [member.party, member.memberFrom ?? member.house].filter(Boolean).join(', ');
  return detail ? `${member.name} (${detail})` : member.name;
};

/**
 * Turn names into what the query language stores: `member:"Sarah Jones"` becomes `member:4738` when exactly one
 * member we hold has that name (any case; else whose name contains it, so "Caroline Johnson" finds "Dr Caroline
 * Johnson"), or, failing that, sits for that constituency. Otherwise a problem that lists at most five candidates.
 * The query's other text is left exactly as written.
 */
export async function resolveMemberNames(db: Db, text: string): Promise<MemberNameResolution> {
  const members: Member[] = [];
  let query = text;
  for (const match of [...text.matchAll(MEMBER_BY_NAME)].reverse()) {
    const name = match[2]!.trim();
    const position = match.index ?? 0;
    const found = await findMembersByName(db, name);
    if (found.members.length !== 1) {
      const options = found.members.length ? found.members : await nearestMembers(db, name);
      // Two members of the same name can only be told apart by id.
      const candidates = options.map((m) => ({
        label: describeMember(m),
        filter:
          options.filter((o) => o.name === m.name).length > 1 || m.name.includes('"')
            ? `member:${m.id}`
            : `member:"${m.name}"`,
      }));
      const message = found.members.length
        ? `"${name}" could be ${found.total} members; write the full name or choose one`
        : `we know no member called "${name}"`;
      return { ok: false, problem: { message, position, candidates } };
    }
    members.unshift(found.members[0]!);
    query = `${query.slice(0, position)}${match[1]!.toLowerCase()}:${found.members[0]!.id}${query.slice(position + match[0].length)}`;
  }
  return { ok: true, query, members };
}

/**
 * Members `name` may mean, and how many there are in all: the exact name (any case), else names containing it,
 * else the member for a constituency of that name. At most MAX_NAME_CANDIDATES come back.
 */
async function findMembersByName(db: Db, name: string): Promise<{ members: Member[]; total: number }> {
  const take = MAX_NAME_CANDIDATES;
  const orderBy = { name: 'asc' } as const;
  for (const where of [
    { name: { equals: name, mode: 'insensitive' as const } },
    { name: { contains: name, mode: 'insensitive' as const } },
    { memberFrom: { equals: name, mode: 'insensitive' as const } },
  ]) {
    const [members, total] = await Promise.all([
      db.member.findMany({ where, orderBy, take }),
      db.member.count({ where }),
    ]);
    if (members.length) return { members, total };
  }
  return { members: [], total: 0 };
}

/** The members whose names are nearest `name` by edit distance (a name containing it counting as near). */
async function nearestMembers(db: Db, name: string): Promise<Member[]> {
  const all = await db.member.findMany({ select: { id: true, name: true } });
  const ids = nearestNames(name, all, MAX_NAME_CANDIDATES).map((m) => m.id);
  const rows = await db.member.findMany({ where: { id: { in: ids } } });
  return ids.flatMap((id) => rows.filter((row) => row.id === id));
}

/** The `limit` entries whose names are closest to `wanted` by edit distance (case-insensitive), containing counting as close. */
export function nearestNames<T extends { name: string }>(wanted: string, entries: readonly T[], limit: number): T[] {
  const target = wanted.toLowerCase();
  return entries
    .map((entry) => {
      const lower = entry.name.toLowerCase();
      const distance =
        lower.includes(target) || target.includes(lower)
          ? Math.abs(lower.length - target.length) / 4
          : editDistance(target, lower);
      return { entry, distance };
    })
    .sort((a, b) => a.distance - b.distance || a.entry.name.localeCompare(b.entry.name))
    .slice(0, limit)
    .map(({ entry }) => entry);
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Member ids the query texts name (`member:185`, `speaker:185`), each once. */
export function memberIdsIn(texts: readonly string[]): number[] {
  return [...new Set(texts.flatMap((text) => [...text.matchAll(MEMBER_BY_ID)].map((m) => Number(m[2]))))];
}

/** The names we hold of these members, keyed by id; ids we hold no row for are absent. */
export async function loadMemberNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.member.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The names of the members these query texts name, for describing them. */
export const memberNamesOf = (db: Db, texts: readonly string[]) => loadMemberNames(db, memberIdsIn(texts));

/** describeQuery in people's terms: "asked or answered by Jeremy Corbyn" when we hold the name, else "by member 185". */
export async function describeWithNames(
  db: Db,
  query: Query,
  text: string,
  options: Omit<DescribeOptions, 'memberName'> = {},
): Promise<string> {
  const names = await memberNamesOf(db, [text]);
  return describeQuery(query, { ...options, memberName: (id) => names.get(id) });
}

/**
 * The reverse of resolveMemberNames for display and editing: `member:185` written as `member:"Jeremy Corbyn"` when
 * that name is ours and names only that member, so people read and edit names, not numbers. Anything else is left
 * as stored. One read for all the texts.
 */
export async function writeMemberNames(db: Db, texts: readonly string[]): Promise<string[]> {
  const ids = memberIdsIn(texts);
  if (!ids.length) return [...texts];
  const members = await db.member.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  // A name we write back must resolve to this member alone: no other member may share it, in any case.
  const namesakes = await db.member.groupBy({
    by: ['name'],
    where: { name: { in: members.map((m) => m.name), mode: 'insensitive' } },
    _count: { _all: true },
  });
  const holders = new Map<string, number>();
  for (const n of namesakes)
    holders.set(n.name.toLowerCase(), (holders.get(n.name.toLowerCase()) ?? 0) + n._count._all);
  const named = new Map(
    members.filter((m) => holders.get(m.name.toLowerCase()) === 1 && !m.name.includes('"')).map((m) => [m.id, m.name]),
  );
  return texts.map((text) =>
    text.replace(MEMBER_BY_ID, (whole, filter: string, id: string) => {
      const name = named.get(Number(id));
      return name ? `${filter}:"${name}"` : whole;
    }),
  );
}
