import type { Db } from '@alerts/db';
import { matchableOf } from '@alerts/ingest';
import { candidateFilter, evaluateQuery, prepareQuestion, type Query } from '@alerts/matching';
import type { ListedQuestion } from '../views/question-list';
import type { SearchCursor } from './search-cursor';
import { readCandidates, type AnswerWindow, type CandidateRow, type SearchScope } from './search-scope';

/** Candidates read per request at most, so a rare phrase over common words cannot cost an unbounded scan. */
const MAX_EXAMINED = 1_000;
/**
 * Up to this many candidates, sort them (a bitmap scan of the full-text index, then a top-N sort); beyond it, walk
 * the answer-date index newest first and test each row, which finds a page of a common word at once. PostgreSQL's
 * own choice goes wrong for rare combinations of common words (it walks the date index through every row). The
 * count (capped at COUNT_LIMIT, the same figure) tells which side a query is on.
 */
const SORT_CANDIDATES_UP_TO = 2_000;

/** A question found, with the date its list is ordered by (for the next page's cursor). */
export interface FoundQuestion extends ListedQuestion {
  sortDate: Date;
}

export interface MatchingAnswers {
  answers: FoundQuestion[];
  /** Where to go on from: the last question examined, or null when no candidate is left. */
  next: SearchCursor | null;
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
  options: {
    take: number;
    after?: SearchCursor | null;
    window?: AnswerWindow;
    maxExamined?: number;
    candidates?: number;
    scope?: SearchScope;
  },
): Promise<MatchingAnswers> {
  const filter = candidateFilter(query);
  const scope = options.scope ?? 'answers';
  const maxExamined = options.maxExamined ?? MAX_EXAMINED;
  const answers: FoundQuestion[] = [];
  let after = options.after ?? null;
  let examined = 0;
  // Exact filters verify every candidate, so one read of take rows suffices; otherwise read more each time.
  let batch = filter.exact ? options.take : Math.max(options.take * 2, 50);
  // "+ 0" hides the date index from the ORDER BY, so PostgreSQL sorts the few candidates instead of walking it.
  // Questions still waiting are a few thousand at most (Question_waiting_idx finds them): always sorted.
  const sort = scope === 'waiting' || (options.candidates !== undefined && options.candidates <= SORT_CANDIDATES_UP_TO);
  while (answers.length < options.take && examined < maxExamined) {
    const limit = Math.min(batch, maxExamined - examined);
    const rows = await readCandidates(
      db,
      { tsquery: filter.tsquery, scope, window: options.window },
      { after, sort, limit },
    );
    examined += rows.length;
    for (const row of rows) {
      after = { date: row.sortDate, id: row.id };
      if (answers.length < options.take && evaluateQuery(query, prepareQuestion(matchableOf(row))))
        answers.push(listed(row));
      if (answers.length === options.take) break;
    }
    if (rows.length < limit) return { answers, next: null };
    batch = Math.min(batch * 4, 500);
  }
  return { answers, next: after };
}

function listed(row: CandidateRow): FoundQuestion {
  return {
    sortDate: row.sortDate,
    id: row.id,
    uin: row.uin,
    house: row.house,
    heading: row.heading,
    answeringBodyName: row.answeringBodyName,
    dateAnswered: row.dateAnswered,
    isHolding: row.isHolding,
    state: row.state,
    dateTabled: row.dateTabled,
    dateForAnswer: row.dateForAnswer,
    isNamedDay: row.isNamedDay,
  };
}
