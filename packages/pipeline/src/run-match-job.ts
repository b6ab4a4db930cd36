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

const INSERT_MATCHES = `INSERT INTO "Match" ("subscriptionId", "questionId", "eventId")
  SELECT "subscriptionId", "questionId", "eventId" FROM json_populate_recordset(NULL::"Match", $1::json)
  ON CONFLICT ("subscriptionId", "questionId") DO NOTHING
  RETURNING "subscriptionId"`;

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
  const rows: { subscriptionId: string; questionId: number; eventId: string }[] = [];
  let candidates = 0;
  for (const match of index.match(questions)) {
    candidates++;
    const subscription = subscriptions.get(String(match.subscriptionId));
    const question = byId.get(match.questionId);
    if (!subscription || !question || question.eventAt <= subscription.confirmedAt) continue;
    rows.push({ subscriptionId: subscription.id, questionId: question.id, eventId: String(question.eventId) });
  }
  const inserted: { subscriptionId: string }[] = [];
  for (let i = 0; i < rows.length; i += 5_000) {
    inserted.push(...(await db.$queryRawUnsafe<{ subscriptionId: string }[]>(INSERT_MATCHES, JSON.stringify(rows.slice(i, i + 5_000)))));
  }
  const immediate = new Set<string>();
  for (const { subscriptionId } of inserted) {
    const subscription = subscriptions.get(subscriptionId);
    if (subscription?.frequency === 'IMMEDIATE') immediate.add(subscription.subscriberId);
  }
  return { questions: questions.length, candidates, inserted: inserted.length, immediateSubscriberIds: [...immediate] };
}
