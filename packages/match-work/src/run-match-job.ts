import { sqlPoolOf, type Db } from '@alerts/db';
import type { SubscriptionId } from '@alerts/matching';
import type { MatchJob } from '@alerts/queue';
import { loadEventQuestions } from './load-questions';
import type { SubscriptionIndexCache } from '@alerts/delivery';

export interface MatchJobResult {
  questions: number;
  candidates: number;
  inserted: number;
  /**
   * Subscribers with new IMMEDIATE matches, each with the newest match inserted for them: the identity of the
   * delivery job that announces them (deliverJobs.immediate).
   */
  immediate: { subscriberId: string; newestMatchId: string }[];
  /**
   * With `claimImmediate`: every subscriber whose IMMEDIATE alerts had matches in this job (inserted now or by an
   * earlier run of the same job), whose delivery the caller plans.
   */
  claimedFor: string[];
  /** Webhook alerts (channel WEBHOOK) that gained matches in this run, each with its subscriber: one POST each to plan. */
  webhooks: { subscriberId: string; subscriptionId: string }[];
}

// Three parallel arrays rather than JSON: a batch of a million pairs is mostly ids, and arrays are the leanest form
// for both Node and PostgreSQL. `asked` is one value per statement: answers and askings are matched and flushed apart.
// Grouped per subscription on the way out: a run inserts millions of rows, and returning one row each only to
// learn which subscriptions gained matches cost the matcher more than the insert.
// An immediate match is inserted already claimed by the delivery that will carry it (`deliveryId`), so no second
// write per row is needed to claim it: each row is written once here and once when it is delivered. Each row names its
// claim by position in a short list of the flush's delivery ids ($5), not by the id itself: millions of 28-character
// strings cost the matcher and PostgreSQL more to send and parse than small integers. The position is resolved by a
// join on the list's ordinality, not by subscripting it per row: PostgreSQL finds the nth element of a text[] by
// walking the elements before it, so `($5)[claim]` cost each row time in proportion to the list's length (a flush
// at a million alerts names thousands of deliveries; 9-16 µs a row against 1 µs for the join, measured in psql).
// The same statement adds the rows it inserted to the day's MatchTally (the dashboard's count, which must not fall when
// an alert and its matches are deleted): one row written per flush rather than one per match, atomic with the insert,
// and keyed by the job's partition ($7) so matchers working at once never wait on each other's row.
// Rows go in sorted by alert, so one alert's matches of a flush sit side by side on a few heap pages rather than one
// page each (the matcher collects them question by question): the email that carries them reads them (its state) and
// marks them delivered (its record) page by page, and the unique index takes its entries in key order. "C" collation:
// any order that keeps an alert's rows together will do, and it is the cheapest to sort by.
export const INSERT_MATCHES = `WITH inserted AS (
    INSERT INTO "Match" ("subscriptionId", "questionId", "eventId", "deliveryId", asked)
    SELECT u.s, u.q, u.e, c.id, $4::boolean FROM unnest($1::text[], $2::int[], $3::bigint[], $6::int[]) AS u(s, q, e, claim)
    LEFT JOIN unnest($5::text[]) WITH ORDINALITY AS c(id, n) ON c.n = u.claim
    ORDER BY u.s COLLATE "C", u.q
    ON CONFLICT ("subscriptionId", "questionId", asked) DO NOTHING
    RETURNING "subscriptionId", id),
  tallied AS (
    INSERT INTO "MatchTally" (day, partition, matches)
    SELECT (now() AT TIME ZONE 'UTC')::date, $7::int, count(*) FROM inserted HAVING count(*) > 0
    ON CONFLICT (day, partition) DO UPDATE SET matches = "MatchTally".matches + EXCLUDED.matches)
  SELECT "subscriptionId", count(*)::int AS rows, max(id)::text AS newest FROM inserted GROUP BY "subscriptionId"`;

/** Questions matched per step: bounds memory (pairs held at once) whatever the number of subscriptions. */
const QUESTIONS_PER_STEP = 25;
/**
 * Matches held before a flush. A step yields about half a match per alert (bench:pipeline at 100,000 subscribers:
 * ~13,000 rows per step and partition), so flushing every step left an alert's ~42 matches on ~42 heap pages however
 * they were sorted; fifteen steps to a flush put them on a handful. About 13 MB of arrays per job at most; at a million
 * alerts a step yields ~130,000 rows, so a flush holds one or two steps' pairs, as it did before.
 */
const ROWS_PER_INSERT = 200_000;

/**
 * Match the questions of an event range against one partition of the subscriptions and insert the matches.
 * A subscription only gets questions that became news after it was confirmed; a question just asked (TABLED) only
 * subscriptions with includeTabled, as a match of its own (`asked`), so its answer is a second match later.
 * Idempotent: a retried job inserts nothing twice (unique subscription+question+asked) and reports only what it
 * inserted. What a job inserted but did not
 * live to announce is found by the immediate sweep (sweep-immediate.ts), so no match depends on this report alone.
 */
export async function runMatchJob(options: {
  db: Db;
  job: MatchJob;
  indexCache: SubscriptionIndexCache;
  /**
   * The delivery that will carry a subscriber's immediate matches from this job: they are inserted claimed by it.
   * Without it they are inserted unclaimed, for a delivery to claim when it first runs.
   */
  claimImmediate?: (subscriberId: string) => string;
}): Promise<MatchJobResult> {
  const { db, job, indexCache, claimImmediate } = options;
  // The inserts go over Prisma's own node-postgres pool, not through Prisma: its driver adapter keeps the arguments
  // of its last 100 queries (@prisma/debug's argsHistory, kept whether or not DEBUG is set), and a flush's arrays
  // run to 150,000 elements at a million alerts. Forty of them held at once took each of four matchers past its 768
  // MB heap (a heap snapshot of bench:pipeline at 1,000,000 subscribers: 4.6M copies of alert ids, retained there).
  const sql = sqlPoolOf(db);
  const questions = await loadEventQuestions(db, { from: BigInt(job.fromEventId), to: BigInt(job.toEventId) });
  if (!questions.length)
    return { questions: 0, candidates: 0, inserted: 0, immediate: [], claimedFor: [], webhooks: [] };
  const { index, askedIndex, subscriptions } = await indexCache(job.partition, job.partitions);
  const byId = new Map(questions.map((q) => [q.id, q]));
  // Each row sends its question's event id as text: one string per question, not one per row.
  const eventIdText = new Map(questions.map((q) => [q.id, String(q.eventId)]));
  let candidates = 0;
  let inserted = 0;
  const immediate = new Map<string, bigint>();
  const webhooks = new Map<string, string>();
  const claims = new Map<string, string>();
  const pending = {
    subscriptionIds: [] as string[],
    questionIds: [] as number[],
    eventIds: [] as string[],
    claims: [] as (number | null)[],
    claimIds: [] as string[],
    claimAt: new Map<string, number>(),
  };
  const flush = async (asked: boolean) => {
    if (!pending.subscriptionIds.length) return;
    const { rows: groups } = await sql.query<{ subscriptionId: string; rows: number; newest: string }>({
      name: 'match-insert',
      text: INSERT_MATCHES,
      values: [
        pending.subscriptionIds,
        pending.questionIds,
        pending.eventIds,
        asked,
        pending.claimIds,
        pending.claims,
        job.partition,
      ],
    });
    for (const { subscriptionId, rows, newest } of groups) {
      inserted += rows;
      const subscription = subscriptions.get(subscriptionId);
      if (subscription?.channel === 'WEBHOOK') {
        webhooks.set(subscriptionId, subscription.subscriberId);
        continue;
      }
      if (subscription?.frequency !== 'IMMEDIATE') continue;
      const known = immediate.get(subscription.subscriberId);
      if (known === undefined || BigInt(newest) > known) immediate.set(subscription.subscriberId, BigInt(newest));
    }
    pending.subscriptionIds = [];
    pending.questionIds = [];
    pending.eventIds = [];
    pending.claims = [];
    pending.claimIds = [];
    pending.claimAt.clear();
  };
  // 1-based, as SQL arrays are.
  const positionOf = (deliveryId: string) => {
    let at = pending.claimAt.get(deliveryId);
    if (at === undefined) pending.claimAt.set(deliveryId, (at = pending.claimIds.push(deliveryId)));
    return at;
  };
  const claimOf = (subscriberId: string) => {
    let claim = claims.get(subscriberId);
    if (claim === undefined) claims.set(subscriberId, (claim = claimImmediate!(subscriberId)));
    return claim;
  };
  const collect = (subscriptionId: SubscriptionId, questionId: number) => {
    candidates++;
    const subscription = subscriptions.get(String(subscriptionId));
    const question = byId.get(questionId);
    // Only news that came after the subscription was confirmed.
    if (!subscription || !question || question.eventAt <= subscription.confirmedAt) return;
    pending.subscriptionIds.push(subscription.id);
    pending.questionIds.push(question.id);
    pending.eventIds.push(eventIdText.get(question.id)!);
    // A webhook alert's matches go in unclaimed: the POST planned for them claims them on its first attempt.
    const claimed = claimImmediate && subscription.frequency === 'IMMEDIATE' && subscription.channel === 'EMAIL';
    pending.claims.push(claimed ? positionOf(claimOf(subscription.subscriberId)) : null);
  };
  // Answers against every alert; questions just asked only against the alerts that want them (askedIndex). Each
  // pass ends with a flush, so one INSERT never mixes the two.
  const passes = [
    { from: index, list: questions.filter((q) => !q.asked), asked: false },
    { from: askedIndex, list: askedIndex.size ? questions.filter((q) => q.asked) : [], asked: true },
  ];
  for (const { from, list, asked } of passes) {
    for (let i = 0; i < list.length; i += QUESTIONS_PER_STEP) {
      from.matchEach(list.slice(i, i + QUESTIONS_PER_STEP), collect);
      if (pending.subscriptionIds.length >= ROWS_PER_INSERT || i + QUESTIONS_PER_STEP >= list.length)
        await flush(asked);
    }
  }
  return {
    questions: questions.length,
    candidates,
    inserted,
    immediate: [...immediate].map(([subscriberId, newest]) => ({ subscriberId, newestMatchId: String(newest) })),
    claimedFor: [...claims.keys()],
    webhooks: [...webhooks].map(([subscriptionId, subscriberId]) => ({ subscriberId, subscriptionId })),
  };
}
