import type { Db, Member } from '@alerts/db';
import { nearestNames, resolveMemberNames, type NameProblem } from '@alerts/composition';

export type { NameProblem } from '@alerts/composition';
export type NameResolution = { ok: true; query: string; members: Member[] } | { ok: false; problem: NameProblem };

const DEPARTMENT = /\bdepartment:(?:"([^"]{1,200})"|([^\s()"]+))/gi;

/**
 * Turn names into what the query language stores: `member:"Jeremy Corbyn"` becomes `member:185` (see
 * resolveMemberNames in @alerts/composition: a name, or a constituency, that names exactly one member we hold);
 * otherwise a problem listing at most five candidates. A `department:"…"` that no stored answer comes from is a
 * problem too, with the nearest names we hold. The query's other text is left exactly as written.
 */
export async function resolveNames(db: Db, text: string): Promise<NameResolution> {
  const resolved = await resolveMemberNames(db, text);
  if (!resolved.ok) return resolved;
  const departments = [...text.matchAll(DEPARTMENT)];
  if (departments.length) {
    const known = await knownDepartments(db);
    const lower = new Set(known.map((name) => name.toLowerCase()));
    for (const match of departments) {
      const name = (match[1] ?? match[2] ?? '').trim();
      if (lower.has(name.toLowerCase())) continue;
      const nearest = nearestNames(
        name,
        known.map((n) => ({ name: n })),
        3,
      ).map((n) => n.name);
      return {
        ok: false,
        problem: {
          message: `no answers we hold come from "${name}"`,
          position: match.index ?? 0,
          candidates: nearest.map((n) => ({ label: n, filter: `department:"${n}"` })),
        },
      };
    }
  }
  return resolved;
}

/** How long the list of departments is reused: departments come and go with machinery-of-government changes. */
const DEPARTMENTS_TTL_MS = 5 * 60 * 1000;
const departmentsCache = new WeakMap<Db, { at: number; names: Promise<string[]> }>();

/**
 * Every department name on a stored question, read at most every five minutes per database: the read groups every
 * question, about 150 ms at 300,000 answers, and every `department:` search and preview checks against it.
 */
async function knownDepartments(db: Db, now = Date.now()): Promise<string[]> {
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
