import { Prisma, type Db } from '@alerts/db';
import { matchableOf } from '@alerts/ingest';
import { candidateFilter, evaluateQuery, prepareQuestion, type Query } from '@alerts/matching';
import type { ListedQuestion } from '../views/question-list';
import type { AnswerCursor } from './answer-cursor';

/** Candidates read per request at most, so a rare phrase over common words cannot cost an unbounded scan. */
export const MAX_EXAMINED = 1_000;
/**
 * Up to this many candidates, sort them (a bitmap scan of the full-text index, then a top-N sort); beyond it, walk
 * the answer-date index newest first and test each row, which finds a page of a common word at once. PostgreSQL's
 * own choice goes wrong for rare combinations of common words (it walks the date index through every row). The
 * count (capped at COUNT_LIMIT, the same figure) tells which side a query is on.
 */
export const SORT_CANDIDATES_UP_TO = 2_000;

/** Answered dates to look within (inclusive calendar dates); either end may be open. */
export interface AnswerWindow {
  from?: Date;
  to?: Date;
}

export interface MatchingAnswers {
  answers: ListedQuestion[];
  /** Where to go on from: the last answer examined, or null when no candidate is left. */
  next: AnswerCursor | null;
}

interface CandidateRow {
  id: number;
  uin: string;
  heading: string | null;
  answeringBodyName: string | null;
  dateAnswered: Date;
  isHolding: boolean;
  questionText: string | null;
  answerHtml: string | null;
  house: string;
  askingMemberId: number;
  answeringMemberId: number | null;
}

/**
 * Up to `take` answers matching `query`, newest first (answer date, then id), after `after`. PostgreSQL's
 * full-text index picks the candidates (`candidateFilter`: a necessary condition, so it never misses a match, plus
 * every row not yet indexed); each is then checked with the alert evaluator itself, so search, the preview and
 * alerts can never disagree. Pages are keyset pages: no OFFSET, so page 500 costs what page 1 does.
 */
export async function findMatchingAnswers(
  db: Db,
  query: Query,
  options: { take: number; after?: AnswerCursor | null; window?: AnswerWindow; maxExamined?: number; candidates?: number },
): Promise<MatchingAnswers> {
  const filter = candidateFilter(query);
  const maxExamined = options.maxExamined ?? MAX_EXAMINED;
  const answers: ListedQuestion[] = [];
  let after = options.after ?? null;
  let examined = 0;
  // Exact filters verify every candidate, so one read of take rows suffices; otherwise read more each time.
  let batch = filter.exact ? options.take : Math.max(options.take * 2, 50);
  // "+ 0" hides the date index from the ORDER BY, so PostgreSQL sorts the few candidates instead of walking it.
  const order = options.candidates !== undefined && options.candidates <= SORT_CANDIDATES_UP_TO
    ? Prisma.sql`ORDER BY "dateAnswered" + 0 DESC, id + 0 DESC`
    : Prisma.sql`ORDER BY "dateAnswered" DESC, id DESC`;
  while (answers.length < options.take && examined < maxExamined) {
    const limit = Math.min(batch, maxExamined - examined);
    const rows = await db.$queryRaw<CandidateRow[]>`
      SELECT id, uin, heading, "answeringBodyName", "dateAnswered", "questionText", "answerHtml", house::text AS house,
             "askingMemberId", "answeringMemberId", "isHolding"
      FROM "Question"
      WHERE ${candidateCondition(filter.tsquery, options.window)}
        ${after ? Prisma.sql`AND ("dateAnswered", id) < (${isoDate(after.dateAnswered)}::date, ${after.id})` : Prisma.empty}
      ${order}
      LIMIT ${limit}`;
    examined += rows.length;
    for (const row of rows) {
      after = { dateAnswered: row.dateAnswered, id: row.id };
      if (answers.length < options.take && evaluateQuery(query, prepareQuestion(matchableOf(row)))) answers.push(listed(row));
      if (answers.length === options.take) break;
    }
    if (rows.length < limit) return { answers, next: null };
    batch = Math.min(batch * 4, 500);
  }
  return { answers, next: after };
}

/**
 * The SQL condition for candidate answers: answered within the window and either satisfying the full-text filter
 * or not yet indexed (NULL terms, found through their own partial index).
 */
export function candidateCondition(tsquery: string, window: AnswerWindow = {}): Prisma.Sql {
  return Prisma.sql`"answerHtml" IS NOT NULL AND "dateAnswered" IS NOT NULL
    AND ("searchTerms" @@ ${tsquery}::tsquery OR "searchTerms" IS NULL)
    ${window.from ? Prisma.sql`AND "dateAnswered" >= ${isoDate(window.from)}::date` : Prisma.empty}
    ${window.to ? Prisma.sql`AND "dateAnswered" <= ${isoDate(window.to)}::date` : Prisma.empty}`;
}

// Dates are calendar dates stored at UTC midnight; as text, not a timestamp, so the session time zone cannot move them.
const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

function listed(row: CandidateRow): ListedQuestion {
  return { id: row.id, uin: row.uin, heading: row.heading, answeringBodyName: row.answeringBodyName, dateAnswered: row.dateAnswered, isHolding: row.isHolding };
}
