import { SOURCE_NAMES } from '@alerts/sources/names';
import { z } from 'zod';

/**
 * Job payloads, one zod schema per queue. Payloads carry ids only: PostgreSQL is the source of truth, so a job
 * that runs late, twice, or after a crash reads the current state instead of a stale copy.
 */
export const ingestJobSchema = z.object({
  source: z.enum(SOURCE_NAMES),
  /** The scheduler slot that produced it (ISO time), part of the job id. */
  slot: z.string(),
});

export const matchJobSchema = z.object({
  /** QuestionEvent ids, inclusive, as decimal strings (they are bigints). */
  fromEventId: z.string().regex(/^\d+$/),
  toEventId: z.string().regex(/^\d+$/),
  partition: z.number().int().min(0),
  partitions: z.number().int().min(1),
  /** How many times this range was handed out before (MatchWork.dispatches): part of the job id. */
  dispatch: z.number().int().min(0).optional(),
});

export const digestJobSchema = z.object({
  frequency: z.enum(['DAILY', 'WEEKLY']),
  /** The run this digest belongs to: a date for daily, an ISO week for weekly (e.g. 2026-W48). */
  runKey: z.string().min(1),
  /** How many times this run was handed out before (DigestRun.dispatches): part of the job id. */
  dispatch: z.number().int().min(0).optional(),
});

export const reconcileJobSchema = z.object({
  /** The scheduler slot that produced it (ISO time), part of the job id. */
  slot: z.string(),
});

/**
 * What travels on the deliver queue: which Delivery row to send, and which dispatch of it this is. The row (its
 * `job`, a {@link DeliverJob}) says what to send; PostgreSQL, not Redis, is what remembers that it is owed.
 */
export const deliveryDispatchSchema = z.object({
  deliveryId: z.string().min(1),
  dispatch: z.number().int().min(0),
});

/**
 * One email's work, stored as a Delivery row's `job`. (Before the ledger, these travelled on the deliver queue
 * themselves; the mailer still accepts such a job, so work queued before an upgrade is not lost.)
 */
export const deliverJobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('DIGEST'),
    subscriberId: z.string(),
    frequency: z.enum(['DAILY', 'WEEKLY']),
    runKey: z.string(),
  }),
  z.object({ kind: z.literal('IMMEDIATE'), subscriberId: z.string(), runKey: z.string() }),
  z.object({ kind: z.literal('CONFIRMATION'), subscriberId: z.string(), runKey: z.string() }),
  /** "Email me my manage link": the run key is the ManageLinkRequest's id. */
  z.object({ kind: z.literal('MANAGE_LINK'), subscriberId: z.string(), runKey: z.string() }),
  /**
   * The address is on the Delivery row alone (erased once the goodbye is final): the job names only the gone
   * subscriber's id. `email` is read from jobs written before that change.
   */
  z.object({ kind: z.literal('GOODBYE'), subscriberId: z.string(), email: z.string().optional(), runKey: z.string() }),
  /**
   * One email to a follower about one event on the question they follow (QuestionEvent id as a decimal string), or,
   * with `eventId` FOLLOW_OVERDUE, the one "still waiting" note when it is overdue. (One field for both, so jobs
   * queued before the note existed still parse.)
   */
  z.object({
    kind: z.literal('FOLLOW'),
    subscriberId: z.string(),
    followId: z.string(),
    eventId: z.union([z.string().regex(/^\d+$/), z.literal('overdue')]),
    runKey: z.string(),
  }),
  /** One POST of an alert's new matches to its webhook (the alert's channel is WEBHOOK). */
  z.object({ kind: z.literal('WEBHOOK'), subscriberId: z.string(), subscriptionId: z.string(), runKey: z.string() }),
  /** The email telling a subscriber their alert's webhook kept failing and was disabled. */
  z.object({
    kind: z.literal('WEBHOOK_DISABLED'),
    subscriberId: z.string(),
    subscriptionId: z.string(),
    runKey: z.string(),
  }),
]);

/** A FOLLOW job's `eventId` for the "still waiting" note (not an event: the question's due date passing). */
export const FOLLOW_OVERDUE = 'overdue' as const;

export type IngestJob = z.infer<typeof ingestJobSchema>;
export type MatchJob = z.infer<typeof matchJobSchema>;
export type DigestJob = z.infer<typeof digestJobSchema>;
export type DeliverJob = z.infer<typeof deliverJobSchema>;
export type DeliveryDispatch = z.infer<typeof deliveryDispatchSchema>;
export type ReconcileJob = z.infer<typeof reconcileJobSchema>;

/**
 * Job ids. Deterministic, so enqueueing the same work twice (a double cron tick, two schedulers, a retried
 * dispatcher) adds it once. BullMQ forbids ':' in custom ids; we use '.'.
 *
 * WARNING: changing a format lets work already queued under the old id be enqueued again.
 */
export const jobIds = {
  ingest: (job: IngestJob) => `ingest.${job.source}.${job.slot}`,
  match: (job: Pick<MatchJob, 'fromEventId' | 'toEventId' | 'partition' | 'partitions'> & { dispatch?: number }) =>
    `match.${job.fromEventId}-${job.toEventId}.p${job.partition}of${job.partitions}${dispatchSuffix(job.dispatch)}`,
  digest: (job: Pick<DigestJob, 'frequency' | 'runKey'> & { dispatch?: number }) =>
    `digest.${job.frequency}.${job.runKey}${dispatchSuffix(job.dispatch)}`,
  /** One dispatch of one Delivery row. */
  delivery: (job: DeliveryDispatch) => `deliver.${job.deliveryId}.d${job.dispatch}`,
  reconcile: (job: ReconcileJob) => `reconcile.${job.slot}`,
};

/** The first dispatch keeps the id format jobs had before dispatches were counted. */
const dispatchSuffix = (dispatch = 0) => (dispatch ? `.d${dispatch}` : '');

/**
 * The identity of one email's work: the Delivery row's unique `dedupeKey`. However often the same work is planned
 * (two ingesters, every tick until it is sent, a retried request), it is one row.
 *
 * WARNING: changing the format lets work already planned or sent be planned again.
 */
export const deliveryKey = (job: DeliverJob) => `deliver.${job.kind}.${job.subscriberId}.${job.runKey}`;
