import type { Db } from '@alerts/db';

/** The columns of a question that an email card shows (not the raw API record, which is large). */
export interface CardQuestion {
  id: number;
  uin: string;
  house: 'Commons' | 'Lords';
  heading: string | null;
  /** Where it stands now: an UNANSWERED question's card says it was asked and is not yet answered. */
  state: 'UNANSWERED' | 'HOLDING' | 'ANSWERED' | 'CORRECTED' | 'WITHDRAWN';
  questionText: string;
  answerHtml: string | null;
  answerText: string | null;
  dateTabled: Date;
  dateAnswered: Date | null;
  dateForAnswer: Date | null;
  askingMemberId: number;
  answeringMemberId: number | null;
  answeringBodyName: string | null;
  isHolding: boolean;
  isCorrection: boolean;
  lastChangedAt: Date;
  askedBy: string | null;
  answeredBy: string | null;
}

/**
 * Question details for email cards, cached in the mailer process: in one run thousands of digests show the same
 * few hundred questions, so each is read once rather than once per email. Entries live `ttlMs` (default 60 s), so a
 * corrected answer reaches emails within a minute; unanswered questions are not kept.
 */
export function createQuestionCardsCache(db: Db, ttlMs = 60_000) {
  const cache = new Map<number, { at: number; question: CardQuestion }>();
  return async function load(ids: number[]): Promise<Map<number, CardQuestion>> {
    const now = Date.now();
    const found = new Map<number, CardQuestion>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = cache.get(id);
      if (hit && now - hit.at < ttlMs) found.set(id, hit.question);
      else missing.push(id);
    }
    if (missing.length) {
      const rows = await db.$queryRaw<CardQuestion[]>`
        SELECT q.id, q.uin, q.house::text AS house, q.heading, q.state::text AS state, q."questionText", q."answerHtml", q."answerText",
               q."dateTabled", q."dateAnswered", q."dateForAnswer", q."askingMemberId", q."answeringMemberId", q."answeringBodyName", q."isHolding", q."isCorrection",
               q."lastChangedAt",
               CASE WHEN a.id IS NULL THEN NULL WHEN a.party IS NULL THEN a.name ELSE a.name || ' (' || a.party || ')' END AS "askedBy",
               CASE WHEN b.id IS NULL THEN NULL WHEN b.party IS NULL THEN b.name ELSE b.name || ' (' || b.party || ')' END AS "answeredBy"
        FROM "Question" q
        LEFT JOIN "Member" a ON a.id = q."askingMemberId"
        LEFT JOIN "Member" b ON b.id = q."answeringMemberId"
        WHERE q.id = ANY(${missing}::int[])`;
      for (const row of rows) {
        // An unanswered question (an asking's card) is read afresh each time: its answer may arrive any minute, and
        // the answer's email must never show it as still waiting. Few emails carry one.
        if (row.state !== 'UNANSWERED') cache.set(row.id, { at: now, question: row });
        found.set(row.id, row);
      }
      if (cache.size > 50_000) cache.clear(); // a crude bound; a run touches far fewer
    }
    return found;
  };
}

export type QuestionCardsCache = ReturnType<typeof createQuestionCardsCache>;
