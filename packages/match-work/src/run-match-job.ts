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
// The pairs are stored one row per alert (Match.questionIds): one row per match cost PostgreSQL ~10 µs a match to
// store and as much again to mark delivered (bench:match-grain, bench:match-insert). Only questions none of the
// alert's rows of the same `asked` holds are stored, so a retried job stores nothing twice: that is the rule "never
// the same item twice" rests on, now that no unique key holds it, and why one insert runs at a time (see flush). An
// alert with nothing left is not stored at all.
// Which of the alert's rows can hold one of its questions: only rows stored since that question's first event (a
// match is stored by a job that read one of the question's events, after it was written), read by Match_feed_idx
// from the earliest first event among the alert's questions here, less an hour for a clock set back. So the check
// reads the alert's recent rows, not its history, unless the flush brings it a correction of an old answer.
// One row comes back per alert stored: which subscriptions gained matches, how many, and the row's id.
// An immediate match is inserted already claimed by the delivery that will carry it (`deliveryId`), so no second
// write per row is needed to claim it: each row is written once here and once when it is delivered. Each pair names its
// claim by position in a short list of the flush's delivery ids ($5), not by the id itself: millions of 28-character
// strings cost the matcher and PostgreSQL more to send and parse than small integers. The position is resolved by a
// join on the list's ordinality, not by subscripting it per row: PostgreSQL finds the nth element of a text[] by
// walking the elements before it (9-16 µs a row against 1 µs for the join, measured in psql).
// The same statement adds the matches it stored to the day's MatchTally (the dashboard's count, which must not fall
// when an alert and its matches are deleted): one row written per flush, atomic with the insert, and keyed by the job's
// partition ($7) so matchers working at once never wait on each other's row.
// Rows go in sorted by alert: the indexes take their entries in key order. "C" collation: the cheapest order.
export const INSERT_MATCHES = `WITH pairs AS (
    SELECT u.s, u.q, u.e, u.claim FROM unnest($1::text[], $2::int[], $3::bigint[], $6::int[]) AS u(s, q, e, claim)),
  firsts AS MATERIALIZED (
    SELECT d.q, COALESCE((SELECT min(e."createdAt") FROM "QuestionEvent" e WHERE e."questionId" = d.q) - interval '1 hour', '-infinity') AS since
    FROM (SELECT DISTINCT q FROM pairs) d),
  grouped AS (
    SELECT p.s, array_agg(p.q) AS qs, max(p.e) AS e, min(p.claim) AS claim, min(f.since) AS since
    FROM pairs p JOIN firsts f ON f.q = p.q GROUP BY p.s),
  fresh AS MATERIALIZED (
    SELECT g.s, g.e, g.claim, ARRAY(SELECT DISTINCT x FROM unnest(g.qs) AS x WHERE x <> ALL (h.held)) AS qs
    FROM grouped g CROSS JOIN LATERAL (
      SELECT ARRAY(
        SELECT q FROM "Match" m CROSS JOIN LATERAL unnest(m."questionIds") AS q
        WHERE m."subscriptionId" = g.s AND m."createdAt" >= g.since AND m.asked = $4::boolean) AS held) h),
  inserted AS (
    INSERT INTO "Match" ("subscriptionId", "questionIds", "eventId", "deliveryId", asked)
    SELECT f.s, f.qs, f.e, c.id, $4::boolean FROM fresh f
    LEFT JOIN unnest($5::text[]) WITH ORDINALITY AS c(id, n) ON c.n = f.claim
    WHERE cardinality(f.qs) > 0
    ORDER BY f.s COLLATE "C"
    RETURNING "subscriptionId", id, cardinality("questionIds") AS items),
  tallied AS (
    INSERT INTO "MatchTally" (day, partition, matches)
    SELECT (now() AT TIME ZONE 'UTC')::date, $7::int, sum(items) FROM inserted HAVING count(*) > 0
    ON CONFLICT (day, partition) DO UPDATE SET matches = "MatchTally".matches + EXCLUDED.matches)
  SELECT "subscriptionId", items AS rows, id::text AS newest FROM inserted`;

// Match inserts run one at a time, across every matcher: each reads what the alerts already hold and stores the rest,
// so two at once could both store one alert's question. Taken in its own statement, before the insert, so the
// insert's snapshot (taken when it starts, under READ COMMITTED) sees every insert that went before it.
const ONE_INSERT_AT_A_TIME = `SELECT pg_advisory_xact_lock(hashtextextended('match-insert', 0))`;

/** Questions matched per step: bounds memory (pairs held at once) whatever the number of subscriptions. */
const QUESTIONS_PER_STEP = 25;
/**
 * Matches held before a flush, and so how many rows an alert gets from one job: one per flush that holds any of its
 * matches. A step yields about half a match per alert (bench:pipeline at 100,000 subscribers: ~13,000 pairs per step
 * and partition), so a flush spans about fifteen steps and an alert's ~42 matches of a batch go in two or three rows.
 * About 13 MB of arrays per job at most; at a million alerts a step yields ~130,000 pairs, so a flush holds one or
 * two steps' pairs.
 */
const ROWS_PER_INSERT = 200_000;

/**
 * Match the questions of an event range against one partition of the subscriptions and insert the matches.
 * A subscription only gets questions that became news after it was confirmed; a question just asked (TABLED) only
 * subscriptions with includeTabled, as a match of its own (`asked`), so its answer is a second match later.
 * Idempotent: a retried job stores nothing twice (see INSERT_MATCHES) and reports only what it stored. What a job
 * inserted but did not live to announce is found by the immediate sweep (sweep-immediate.ts), so no match depends on
 * this report alone.
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
    const client = await sql.connect();
    let groups: { subscriptionId: string; rows: number; newest: string }[];
    try {
      await client.query('BEGIN');
      await client.query(ONE_INSERT_AT_A_TIME);
      ({ rows: groups } = await client.query<{ subscriptionId: string; rows: number; newest: string }>({
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
      }));
      await client.query('COMMIT');
      client.release();
    } catch (error) {
      // The connection may be mid-transaction or mid-protocol: dropped, not handed back (that also rolls back).
      client.release(error as Error);
      throw error;
    }
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
