import { Prisma, type Db } from '@alerts/db';
import { matchableOf } from '@alerts/ingest';
import { FOLLOWABLE_STATES_SQL } from '@alerts/pipeline';
import { candidateFilter, evaluateQuery, prepareQuestion, type Query } from '@alerts/matching';
import type { ListedQuestion } from '../views/question-list';
import type { SearchCursor } from './search-cursor';

/** Candidates read per request at most, so a rare phrase over common words cannot cost an unbounded scan. */
export const MAX_EXAMINED = 1_000;
/**
 * Up to this many candidates, sort them (a bitmap scan of the full-text index, then a top-N sort); beyond it, walk
 * the answer-date index newest first and test each row, which finds a page of a common word at once. PostgreSQL's
 * own choice goes wrong for rare combinations of common words (it walks the date index through every row). The
 * count (capped at COUNT_LIMIT, the same figure) tells which side a query is on.
 */
export const SORT_CANDIDATES_UP_TO = 2_000;

/**
 * Which questions a search looks at:
 * - `answers`: every question with an answer (substantive, holding or corrected), newest answer first;
 * - `waiting`: questions still waiting for their answer (UNANSWERED or HOLDING, the ones that can be followed),
 *   most recently tabled first. An unanswered question has no answer text: its terms and the evaluator both read
 *   only its heading and question text, so the candidates still contain every match.
 */
export type SearchScope = 'answers' | 'waiting';

/** Per scope: which rows, and the date pages are ordered and keyed by. */
const SCOPES: Record<SearchScope, { rows: Prisma.Sql; date: Prisma.Sql }> = {
  answers: { rows: Prisma.sql`"answerHtml" IS NOT NULL AND "dateAnswered" IS NOT NULL`, date: Prisma.raw('"dateAnswered"') },
  waiting: { rows: Prisma.raw(`state IN (${FOLLOWABLE_STATES_SQL})`), date: Prisma.raw('"dateTabled"') },
};

/** Dates of the scope (answered, or tabled) to look within (inclusive calendar dates); either end may be open. */
export interface AnswerWindow {
  from?: Date;
  to?: Date;
}

/** A question found, with the date its list is ordered by (for the next page's cursor). */
export interface FoundQuestion extends ListedQuestion {
  sortDate: Date;
}

export interface MatchingAnswers {
  answers: FoundQuestion[];
  /** Where to go on from: the last question examined, or null when no candidate is left. */
  next: SearchCursor | null;
}

interface CandidateRow {
  id: number;
  uin: string;
  heading: string | null;
  answeringBodyName: string | null;
  dateAnswered: Date | null;
  /** The scope's date: what pages are ordered and keyed by. */
  sortDate: Date;
  dateTabled: Date;
  dateForAnswer: Date | null;
  isNamedDay: boolean;
  state: string;
  isHolding: boolean;
  questionText: string | null;
  answerHtml: string | null;
  house: string;
  askingMemberId: number;
  answeringMemberId: number | null;
}

/**
 * Up to `take` questions of `scope` (default: answers) matching `query`, newest first (the scope's date, then id),
 * after `after`. PostgreSQL's
 * full-text index picks the candidates (`candidateFilter`: a necessary condition, so it never misses a match, plus
 * every row not yet indexed); each is then checked with the alert evaluator itself, so search, the preview and
 * alerts can never disagree. Pages are keyset pages: no OFFSET, so page 500 costs what page 1 does.
 */
export async function findMatchingAnswers(
  db: Db,
  query: Query,
  options: { take: number; after?: SearchCursor | null; window?: AnswerWindow; maxExamined?: number; candidates?: number; scope?: SearchScope },
): Promise<MatchingAnswers> {
  const filter = candidateFilter(query);
  const scope = options.scope ?? 'answers';
  const date = SCOPES[scope].date;
  const maxExamined = options.maxExamined ?? MAX_EXAMINED;
  const answers: FoundQuestion[] = [];
  let after = options.after ?? null;
  let examined = 0;
  // Exact filters verify every candidate, so one read of take rows suffices; otherwise read more each time.
  let batch = filter.exact ? options.take : Math.max(options.take * 2, 50);
  // "+ 0" hides the date index from the ORDER BY, so PostgreSQL sorts the few candidates instead of walking it.
  // Questions still waiting are a few thousand at most (Question_waiting_idx finds them): always sorted.
  const sort = scope === 'waiting' || (options.candidates !== undefined && options.candidates <= SORT_CANDIDATES_UP_TO);
  const order = sort ? Prisma.sql`ORDER BY ${date} + 0 DESC, id + 0 DESC` : Prisma.sql`ORDER BY ${date} DESC, id DESC`;
  while (answers.length < options.take && examined < maxExamined) {
    const limit = Math.min(batch, maxExamined - examined);
    const rows = await db.$queryRaw<CandidateRow[]>`
      SELECT id, uin, heading, "answeringBodyName", "dateAnswered", "questionText", "answerHtml", house::text AS house,
             "askingMemberId", "answeringMemberId", "isHolding", state::text AS state, "dateTabled", "dateForAnswer", "isNamedDay",
             ${date} AS "sortDate"
      FROM "Question"
      WHERE ${candidateCondition(filter.tsquery, { window: options.window, scope })}
        ${after ? Prisma.sql`AND (${date}, id) < (${isoDate(after.date)}::date, ${after.id})` : Prisma.empty}
      ${order}
      LIMIT ${limit}`;
    examined += rows.length;
    for (const row of rows) {
      after = { date: row.sortDate, id: row.id };
      if (answers.length < options.take && evaluateQuery(query, prepareQuestion(matchableOf(row)))) answers.push(listed(row));
      if (answers.length === options.take) break;
    }
    if (rows.length < limit) return { answers, next: null };
    batch = Math.min(batch * 4, 500);
  }
  return { answers, next: after };
}

/**
 * The SQL condition for candidates: questions of the scope (default: answers), within the window, either satisfying
 * the full-text filter or not yet indexed (NULL terms, found through their own partial index).
 */
export function candidateCondition(tsquery: string, options: { window?: AnswerWindow | undefined; scope?: SearchScope } = {}): Prisma.Sql {
  const { rows, date } = SCOPES[options.scope ?? 'answers'];
  const window = options.window ?? {};
  return Prisma.sql`${rows}
    AND ("searchTerms" @@ ${tsquery}::tsquery OR "searchTerms" IS NULL)
    ${window.from ? Prisma.sql`AND ${date} >= ${isoDate(window.from)}::date` : Prisma.empty}
    ${window.to ? Prisma.sql`AND ${date} <= ${isoDate(window.to)}::date` : Prisma.empty}`;
}

// Dates are calendar dates stored at UTC midnight; as text, not a timestamp, so the session time zone cannot move them.
const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

function listed(row: CandidateRow): FoundQuestion {
  return {
    sortDate: row.sortDate,
    id: row.id, uin: row.uin, house: row.house, heading: row.heading, answeringBodyName: row.answeringBodyName, dateAnswered: row.dateAnswered,
    isHolding: row.isHolding, state: row.state, dateTabled: row.dateTabled, dateForAnswer: row.dateForAnswer, isNamedDay: row.isNamedDay,
  };
}
