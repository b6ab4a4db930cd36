import { Prisma, type Db } from '@alerts/db';
import { FOLLOWABLE_STATES_SQL } from '@alerts/subscriptions';
import type { ListedQuestion } from '../views/question-list';
import type { SearchCursor } from './search-cursor';

// Which questions a search looks at, and every read of them: the candidates a search verifies, their count, and the
// unsearched list of questions still waiting. The scopes' SQL is written and run here only.

/**
 * Which questions a search looks at:
 * - `answers`: every question with an answer (substantive, holding or corrected), newest answer first;
 * - `waiting`: questions still waiting for their answer (UNANSWERED or HOLDING, the ones that can be followed),
 *   most recently tabled first. An unanswered question has no answer text: its terms and the evaluator both read
 *   only its heading and question text, so the candidates still contain every match.
 */
export type SearchScope = 'answers' | 'waiting';

/** Dates of the scope (answered, or tabled) to look within (inclusive calendar dates); either end may be open. */
export interface AnswerWindow {
  from?: Date;
  to?: Date;
}

// The waiting states are constants in the SQL, never parameters, so the partial index of waiting questions serves
// every read of them (Prisma sends values as parameters: the unsearched list took 220 ms at 300,000 answers).
const WAITING = Prisma.raw(`state IN (${FOLLOWABLE_STATES_SQL})`);

/** Per scope: which rows, and the date pages are ordered and keyed by. */
const SCOPES: Record<SearchScope, { rows: Prisma.Sql; date: Prisma.Sql }> = {
  answers: {
    rows: Prisma.sql`"answerHtml" IS NOT NULL AND "dateAnswered" IS NOT NULL`,
    date: Prisma.raw('"dateAnswered"'),
  },
  waiting: { rows: WAITING, date: Prisma.raw('"dateTabled"') },
};

/** A candidate: what the evaluator reads and the list shows. */
export interface CandidateRow {
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

/** Which candidates to read: the full-text filter's tsquery, the scope (default: answers) and its window. */
export interface CandidateFilter {
  tsquery: string;
  scope?: SearchScope | undefined;
  window?: AnswerWindow | undefined;
}

/**
 * Candidates: questions of the scope, within the window, either satisfying the full-text filter or not yet indexed
 * (NULL terms, found through their own partial index).
 */
function candidateCondition(filter: CandidateFilter): Prisma.Sql {
  const { rows, date } = SCOPES[filter.scope ?? 'answers'];
  const window = filter.window ?? {};
  return Prisma.sql`${rows}
    AND ("searchTerms" @@ ${filter.tsquery}::tsquery OR "searchTerms" IS NULL)
    ${window.from ? Prisma.sql`AND ${date} >= ${isoDate(window.from)}::date` : Prisma.empty}
    ${window.to ? Prisma.sql`AND ${date} <= ${isoDate(window.to)}::date` : Prisma.empty}`;
}

// Dates are calendar dates stored at UTC midnight; as text, not a timestamp, so the session time zone cannot move them.
const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Up to `limit` candidates after `after`, newest first by the scope's date, then id. `sort`: hide the date index from
 * the ORDER BY ("+ 0"), so PostgreSQL sorts the few candidates instead of walking it (see findMatchingAnswers).
 */
export async function readCandidates(
  db: Db,
  filter: CandidateFilter,
  page: { after: SearchCursor | null; sort: boolean; limit: number },
): Promise<CandidateRow[]> {
  const { date } = SCOPES[filter.scope ?? 'answers'];
  const order = page.sort
    ? Prisma.sql`ORDER BY ${date} + 0 DESC, id + 0 DESC`
    : Prisma.sql`ORDER BY ${date} DESC, id DESC`;
  return db.$queryRaw<CandidateRow[]>`
    SELECT id, uin, heading, "answeringBodyName", "dateAnswered", "questionText", "answerHtml", house::text AS house,
           "askingMemberId", "answeringMemberId", "isHolding", state::text AS state, "dateTabled", "dateForAnswer", "isNamedDay",
           ${date} AS "sortDate"
    FROM "Question"
    WHERE ${candidateCondition(filter)}
      ${page.after ? Prisma.sql`AND (${date}, id) < (${isoDate(page.after.date)}::date, ${page.after.id})` : Prisma.empty}
    ${order}
    LIMIT ${page.limit}`;
}

/** How many candidates there are, counted up to `limit` + 1, and how many of those are not yet indexed. */
export async function countCandidates(
  db: Db,
  filter: CandidateFilter,
  limit: number,
): Promise<{ candidates: number; unindexed: number }> {
  const [row] = await db.$queryRaw<{ candidates: number; unindexed: number }[]>`
    SELECT count(*)::int AS candidates, count(*) FILTER (WHERE "searchTerms" IS NULL)::int AS unindexed
    FROM (SELECT "searchTerms" FROM "Question" WHERE ${candidateCondition(filter)} LIMIT ${limit + 1}) AS candidate`;
  return { candidates: row?.candidates ?? 0, unindexed: row?.unindexed ?? 0 };
}

/** The unsearched list: every question still waiting, most recently tabled first, a page at a time, and how many. */
export async function listWaitingQuestions(
  db: Db,
  page: { take: number; skip: number },
): Promise<{ total: number; questions: (ListedQuestion & { questionText: string })[] }> {
  const [[count], questions] = await Promise.all([
    db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Question" WHERE ${WAITING}`,
    db.$queryRaw<(ListedQuestion & { questionText: string })[]>`
      SELECT id, uin, house::text AS house, heading, "questionText", state::text AS state, "dateTabled", "dateForAnswer", "isNamedDay", "answeringBodyName", "dateAnswered"
      FROM "Question" WHERE ${WAITING} ORDER BY "dateTabled" DESC, id DESC LIMIT ${page.take} OFFSET ${page.skip}`,
  ]);
  return { total: count?.n ?? 0, questions };
}
