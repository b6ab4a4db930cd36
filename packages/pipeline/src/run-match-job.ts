import type { Db } from '@alerts/db';
import type { MatchJob } from '@alerts/queue';
import { loadEventQuestions } from './load-questions';
import type { SubscriptionIndexCache } from './subscription-index-cache';

export interface MatchJobResult {
  questions: number;
  candidates: number;
  inserted: number;
  /** Subscribers with new IMMEDIATE matches: each gets one delivery job for this range. */
  immediateSubscriberIds: string[];
}

// Three parallel arrays rather than JSON: a batch of a million pairs is mostly ids, and arrays are the leanest form
// for both Node and PostgreSQL.
// Grouped per subscription on the way out: a run inserts millions of rows, and returning one row each only to
// learn which subscriptions gained matches cost the matcher more than the insert.
const INSERT_MATCHES = `WITH inserted AS (
    INSERT INTO "Match" ("subscriptionId", "questionId", "eventId")
    SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
    ON CONFLICT ("subscriptionId", "questionId") DO NOTHING
    RETURNING "subscriptionId")
  SELECT "subscriptionId", count(*)::int AS rows FROM inserted GROUP BY "subscriptionId"`;

/** Questions matched per step: bounds memory (pairs held at once) whatever the number of subscriptions. */
const QUESTIONS_PER_STEP = 25;
const ROWS_PER_INSERT = 10_000;

/**
 * Match the questions of an event range against one partition of the subscriptions and insert the matches.
 * A subscription only gets questions that became news after it was confirmed. Idempotent: a retried job inserts
 * nothing twice (unique subscription+question) and reports only what it inserted.
 */
export async function runMatchJob(options: { db: Db; job: MatchJob; indexCache: SubscriptionIndexCache }): Promise<MatchJobResult> {
  const { db, job, indexCache } = options;
  const questions = await loadEventQuestions(db, { from: BigInt(job.fromEventId), to: BigInt(job.toEventId) });
  if (!questions.length) return { questions: 0, candidates: 0, inserted: 0, immediateSubscriberIds: [] };
  const { index, subscriptions } = await indexCache(job.partition, job.partitions);
  const byId = new Map(questions.map((q) => [q.id, q]));
  let candidates = 0;
  let inserted = 0;
  const immediate = new Set<string>();
  const pending = { subscriptionIds: [] as string[], questionIds: [] as number[], eventIds: [] as string[] };
  const flush = async () => {
    if (!pending.subscriptionIds.length) return;
    const groups = await db.$queryRawUnsafe<{ subscriptionId: string; rows: number }[]>(INSERT_MATCHES, pending.subscriptionIds, pending.questionIds, pending.eventIds);
    for (const { subscriptionId, rows } of groups) {
      inserted += rows;
      const subscription = subscriptions.get(subscriptionId);
      if (subscription?.frequency === 'IMMEDIATE') immediate.add(subscription.subscriberId);
    }
    pending.subscriptionIds = [];
    pending.questionIds = [];
    pending.eventIds = [];
  };
  for (let i = 0; i < questions.length; i += QUESTIONS_PER_STEP) {
    index.matchEach(questions.slice(i, i + QUESTIONS_PER_STEP), (subscriptionId, questionId) => {
      candidates++;
      const subscription = subscriptions.get(String(subscriptionId));
      const question = byId.get(questionId);
      // Only news that came after the subscription was confirmed.
      if (!subscription || !question || question.eventAt <= subscription.confirmedAt) return;
      pending.subscriptionIds.push(subscription.id);
      pending.questionIds.push(question.id);
      pending.eventIds.push(String(question.eventId));
    });
    if (pending.subscriptionIds.length >= ROWS_PER_INSERT || i + QUESTIONS_PER_STEP >= questions.length) await flush();
  }
  return { questions: questions.length, candidates, inserted, immediateSubscriberIds: [...immediate] };
}
