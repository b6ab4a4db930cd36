import type { Db, Member } from '@alerts/db';

/** A `member:"…"` or `department:"…"` the visitor wrote that does not name exactly one thing we know. */
export interface NameProblem {
  message: string;
  /** 0-based offset of the filter in the query text. */
  position: number;
  /** What the visitor may have meant, best first, each as words and as the filter to write. */
  candidates: { label: string; filter: string }[];
}

export type NameResolution = { ok: true; query: string; members: Member[] } | { ok: false; problem: NameProblem };

// `member:"Jane Smith"` or `speaker:'Jane Smith'`; a bare number (member:4641) is the language's own form.
const MEMBER_BY_NAME = /\b(member|speaker):"([^"]{1,100})"/gi;
const DEPARTMENT = /\bdepartment:(?:"([^"]{1,200})"|([^\s()"]+))/gi;

/**
 * Turn names into what the query language stores: `member:"Jeremy Corbyn"` becomes `member:185` when exactly one
 * member we know has that name (or a name containing it); otherwise a problem listing the candidates. A
 * `department:"…"` that no stored answer comes from is a problem too, with the nearest names we hold.
 * The query's other text is left exactly as written.
 */
export async function resolveNames(db: Db, text: string): Promise<NameResolution> {
  const members: Member[] = [];
  let query = text;
  for (const match of [...text.matchAll(MEMBER_BY_NAME)].reverse()) {
    const name = match[2]!.trim();
    const found = await findMembersByName(db, name);
    const position = match.index ?? 0;
    if (found.length !== 1) {
      const options = found.length ? found : await nearestMemberNames(db, name);
      // Two members of the same name can only be told apart by id.
      const candidates = options.map((m) => ({ label: describeMember(m), filter: options.filter((o) => o.name === m.name).length > 1 ? `member:${m.id}` : `member:"${m.name}"` }));
      const message = found.length
        ? `"${name}" could be ${found.length} members; write the full name or choose one`
        : `we know no member called "${name}"`;
      return { ok: false, problem: { message, position, candidates } };
    }
    members.unshift(found[0]!);
    query = `${query.slice(0, position)}${match[1]!.toLowerCase()}:${found[0]!.id}${query.slice(position + match[0].length)}`;
  }
  const departments = [...text.matchAll(DEPARTMENT)];
  if (departments.length) {
    const known = await knownDepartments(db);
    const lower = new Set(known.map((name) => name.toLowerCase()));
    for (const match of departments) {
      const name = (match[1] ?? match[2] ?? '').trim();
      if (lower.has(name.toLowerCase())) continue;
      return { ok: false, problem: { message: `no answers we hold come from "${name}"`, position: match.index ?? 0, candidates: nearestNames(name, known, 3).map((n) => ({ label: n, filter: `department:"${n}"` })) } };
    }
  }
  return { ok: true, query, members };
}

export const describeMember = (member: Member) => `${member.name}${member.party || member.house ? ` (${[member.party, member.house].filter(Boolean).join(', ')})` : ''}`;

/** Members whose name is `name` (any case), or else whose name contains it. */
export async function findMembersByName(db: Db, name: string): Promise<Member[]> {
  const exact = await db.member.findMany({ where: { name: { equals: name, mode: 'insensitive' } }, take: 10 });
  if (exact.length) return exact;
  return db.member.findMany({ where: { name: { contains: name, mode: 'insensitive' } }, orderBy: { name: 'asc' }, take: 10 });
}

async function nearestMemberNames(db: Db, name: string): Promise<Member[]> {
  const all = await db.member.findMany({ select: { id: true, name: true } });
  const names = nearestNames(name, all.map((m) => m.name), 3);
  return db.member.findMany({ where: { name: { in: names } }, take: 3 });
}

/** How long the list of departments is reused: departments come and go with machinery-of-government changes. */
const DEPARTMENTS_TTL_MS = 5 * 60 * 1000;
const departmentsCache = new WeakMap<Db, { at: number; names: Promise<string[]> }>();

/**
 * Every department name on a stored question, read at most every five minutes per database: the read groups every
 * question, about 150 ms at 300,000 answers, and every `department:` search and preview checks against it.
 */
export async function knownDepartments(db: Db, now = Date.now()): Promise<string[]> {
  const cached = departmentsCache.get(db);
  if (cached && now - cached.at < DEPARTMENTS_TTL_MS) return cached.names;
  const names = db.question
    .groupBy({ by: ['answeringBodyName'], where: { answeringBodyName: { not: null } } })
    .then((rows) => rows.flatMap((row) => (row.answeringBodyName ? [row.answeringBodyName] : [])).sort());
  departmentsCache.set(db, { at: now, names });
  // A failed read is not kept: the next search tries again.
  names.catch(() => departmentsCache.get(db)?.names === names && departmentsCache.delete(db));
  return names;
}

/** The `limit` names closest to `wanted` by edit distance (case-insensitive), a name containing it counting as close. */
export function nearestNames(wanted: string, names: readonly string[], limit: number): string[] {
  const target = wanted.toLowerCase();
  return names
    .map((name) => {
      const lower = name.toLowerCase();
      const distance = lower.includes(target) || target.includes(lower) ? Math.abs(lower.length - target.length) / 4 : editDistance(target, lower);
      return { name, distance };
    })
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
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

/**
 * The reverse of resolveNames for display: `member:185` written as `member:"Jeremy Corbyn"` when that name is ours
 * and names only that member, so the visitor edits names, not numbers. Anything else is left as stored.
 */
export async function writeMemberNames(db: Db, query: string): Promise<string> {
  const ids = [...query.matchAll(/\b(member|speaker):(\d{1,9})\b/gi)].map((m) => Number(m[2]));
  if (!ids.length) return query;
  const members = await db.member.findMany({ where: { id: { in: ids } } });
  const named = new Map<number, string>();
  for (const member of members) {
    const sameName = await db.member.count({ where: { name: { equals: member.name, mode: 'insensitive' } } });
    if (sameName === 1 && !member.name.includes('"')) named.set(member.id, member.name);
  }
  return query.replace(/\b(member|speaker):(\d{1,9})\b/gi, (whole, filter: string, id: string) => {
    const name = named.get(Number(id));
    return name ? `${filter}:"${name}"` : whole;
  });
}
