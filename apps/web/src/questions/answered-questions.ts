import type { Db, Prisma } from '@alerts/db';
import { prepareQuestion, type PreparedQuestion } from '@alerts/matching';
import type { ListedQuestion } from '../views/question-list';
import { toMatchable } from './to-matchable';

const LISTED = { id: true, uin: true, heading: true, answeringBodyName: true, dateAnswered: true, isHolding: true, contentHash: true } as const;
const MATCHED = { id: true, heading: true, questionText: true, answerHtml: true, house: true, askingMemberId: true, answeringMemberId: true, answeringBodyName: true, contentHash: true } as const;
/** A crude bound: far more than search and the preview look at together. */
const MAX_CACHED = 20_000;

type Cache = Map<number, { contentHash: string; prepared: PreparedQuestion }>;
const caches = new WeakMap<Db, Cache>();

export interface AnsweredQuestion {
  listed: ListedQuestion;
  prepared: PreparedQuestion;
}

/**
 * Answered questions matching `where`, newest first, each ready for the matcher. Search and the preview scan
 * thousands of answers per request, and tokenising them all each time was most of the work: a question is prepared
 * once and kept (per database client) until its contentHash changes, and only new or changed ones load their text.
 */
export async function loadAnsweredQuestions(db: Db, options: { where?: Prisma.QuestionWhereInput; take?: number }): Promise<AnsweredQuestion[]> {
  const rows = await db.question.findMany({
    where: { ...options.where, answerHtml: { not: null } },
    orderBy: [{ dateAnswered: 'desc' }, { id: 'desc' }],
    ...(options.take !== undefined ? { take: options.take } : {}),
    select: LISTED,
  });
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const stale = rows.filter((row) => cache.get(row.id)?.contentHash !== row.contentHash).map((row) => row.id);
  if (stale.length) {
    if (cache.size + stale.length > MAX_CACHED) cache.clear();
    const texts = await db.question.findMany({ where: { id: { in: stale } }, select: MATCHED });
    for (const text of texts) cache.set(text.id, { contentHash: text.contentHash, prepared: prepareQuestion(toMatchable(text)) });
  }
  return rows.flatMap(({ contentHash: _hash, ...listed }) => {
    const hit = cache.get(listed.id);
    return hit ? [{ listed, prepared: hit.prepared }] : [];
  });
}
