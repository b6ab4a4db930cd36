import type { Db } from '@alerts/db';
import type { Query } from '@alerts/matching';
import { previewSpan, type ReaderClock } from '@alerts/composition';
import type { ListedQuestion } from '../views/question-list';
import { countMatchingAnswers, type AnswerCount } from './count-matching-answers';
import { findMatchingAnswers } from './find-matching-answers';

const DAY_MS = 24 * 3600 * 1000;

export interface QueryPreview {
  /** The window's length in days (30), or null: every stored answer (demo mode, see previewSpan). */
  days: number | null;
  /** The window's last day: today, or the latest answer we hold when ingestion has not run lately. */
  to: Date;
  from: Date;
  /** Answers in the window. */
  answered: number;
  matched: number;
  /** How `matched` bounds the true figure (see AnswerCount); `exact` unless the query is unusually broad. */
  matchedBound: AnswerCount['bound'];
  examples: ListedQuestion[];
}

/**
 * How many of the last 30 days' answers `query` would have matched, with the newest few as examples, through
 * the same full-text candidates and evaluator as search. The window ends at the latest stored answer when that is
 * older than today, so a database loaded from the sample (or with ingestion stopped) still gives a useful preview;
 * the page shows the dates, so nothing is misrepresented. In demo mode (`clock`, previewSpan) the window is every
 * stored answer: the replay brings each of them in turn.
 */
export async function previewQuery(
  db: Db,
  query: Query,
  options: { clock: ReaderClock; days?: number; examples?: number },
): Promise<QueryPreview> {
  const days = options.days ?? previewSpan(options.clock).days;
  const now = options.clock.now();
  // Raw SQL: Prisma's aggregate wraps the query in a subquery that hides the date index (a scan of every row).
  const [latest] = await db.$queryRaw<
    { date: Date | null }[]
  >`SELECT max("dateAnswered") AS date FROM "Question" WHERE "answerHtml" IS NOT NULL`;
  const to = latest?.date && latest.date < now ? latest.date : now;
  const [first] =
    days === null
      ? await db.$queryRaw<
          { date: Date | null }[]
        >`SELECT min("dateAnswered") AS date FROM "Question" WHERE "answerHtml" IS NOT NULL`
      : [];
  const from = first?.date ?? new Date(to.getTime() - ((days ?? 30) - 1) * DAY_MS);
  from.setUTCHours(0, 0, 0, 0);
  const window = { from, to };
  const [answered, matched] = await Promise.all([
    db.question.count({ where: { answerHtml: { not: null }, dateAnswered: { gte: from, lte: to } } }),
    countMatchingAnswers(db, query, { window }),
  ]);
  const examples = await findMatchingAnswers(db, query, {
    take: options.examples ?? 5,
    window,
    candidates: matched.candidates,
  });
  return { days, from, to, answered, matched: matched.count, matchedBound: matched.bound, examples: examples.answers };
}
