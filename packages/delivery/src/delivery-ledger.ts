import { createHash } from 'node:crypto';
import type { Db } from '@alerts/db';
import { deliverJobs, deliveryKey, type DeliverJob, type DeliveryDispatch } from '@alerts/queue';
import { frequencyOf } from './delivery-kinds';
import { OWED } from './owed-sql';

/**
 * The ledger of email owed (issue #19). Every email the system owes is a PENDING Delivery row, written before any
 * job exists; a job on the deliver queue only says "send row X now". So a Redis that restarts empty, a job that
 * failed for good, or a mailer that died loses nothing: the reconciler finds the row still PENDING and hands it out
 * again.
 */

/** The Delivery id follows from the work's identity, so the Message-ID is known before anything is sent. */
export function deliveryIdFor(dedupeKey: string): string {
  return `dlv_${createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 24)}`;
}

/** When a failed delivery is tried again, and when we give up on it. */
export interface DeliveryRetryPolicy {
  /** The wait after the first failure; doubled after each further one. Default 1 minute. */
  firstDelayMs: number;
  /** The longest wait between two attempts. Default 30 minutes. */
  maxDelayMs: number;
  /** A delivery still failing this long after it was owed is marked FAILED (shown to admins). Default 72 hours. */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: DeliveryRetryPolicy = {
  firstDelayMs: 60_000,
  maxDelayMs: 30 * 60_000,
  giveUpAfterMs: 72 * 3600_000,
};

/** The wait before attempt `failures + 1`, after `failures` failed attempts (1, 2, …). */
export function retryDelayMs(policy: DeliveryRetryPolicy, failures: number): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failures - 1));
}

// One statement for any number of jobs. The subscriber is looked up rather than trusted: a goodbye's is already
// gone (the row keeps its address, given apart from the job, until the reconciler erases it). A row that exists already is the same work: nothing is written,
// except that a SKIPPED one (nothing was left to send when it ran) or one that failed before the ledger existed is
// owed again.
const PLAN = `
  INSERT INTO "Delivery" (id, "dedupeKey", "subscriberId", email, kind, frequency, status, job, "dueAt", "claimedAt")
  SELECT u.id, u.key, r.id, COALESCE(u.email, r.email, ''), u.kind::"DeliveryKind", u.frequency::"Frequency", 'PENDING', u.job::jsonb, $8, $9
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(id, key, subscriber, email, kind, frequency, job)
  LEFT JOIN "Subscriber" r ON r.id = u.subscriber
  ON CONFLICT ("dedupeKey") DO UPDATE SET status = 'PENDING', job = EXCLUDED.job, "dueAt" = EXCLUDED."dueAt", "claimedAt" = EXCLUDED."claimedAt", error = NULL
  WHERE "Delivery".status = 'SKIPPED' OR ("Delivery".status = 'FAILED' AND "Delivery".job IS NULL)
  RETURNING id, dispatches`;

type PlanOptions = { leaseMs?: number; now?: Date; claimed?: boolean };

/**
 * Record that these emails are owed: one PENDING Delivery row per job not planned before (by its dedupe key,
 * {@link deliveryKey}). Returns the dispatches to enqueue for the rows it wrote; the reconciler looks at them
 * again `leaseMs` from now, and hands out any whose job is no longer queued. With `claimed`, the rows' matches were
 * claimed when they were inserted (a match job's immediate alerts): their first attempt claims nothing more.
 */
export async function planDeliveries(
  db: Pick<Db, '$queryRawUnsafe'>,
  jobs: readonly DeliverJob[],
  options: PlanOptions = {},
): Promise<DeliveryDispatch[]> {
  // A goodbye queued before goodbyes stopped carrying their address still has it.
  return planRows(
    db,
    jobs.map((job) => ({ job, email: job.kind === 'GOODBYE' ? (job.email ?? null) : null })),
    options,
  );
}

/**
 * Owe the goodbye of a subscriber being deleted (in the same transaction as the delete). The address is written on
 * the Delivery row only, never in the job (which Redis would keep), and the reconciler erases it from the row once
 * the goodbye is final (eraseDepartedAddresses).
 */
export async function planGoodbye(
  db: Pick<Db, '$queryRawUnsafe'>,
  subscriber: { id: string; email: string },
  options: { leaseMs?: number; now?: Date } = {},
): Promise<DeliveryDispatch[]> {
  return planRows(db, [{ job: deliverJobs.goodbye(subscriber.id), email: subscriber.email }], options);
}

/**
 * Rows planned per statement. A match job at a million alerts plans an email for some 135,000 subscribers; as one
 * statement, its eight parameter arrays (a JSON job each) and their copies on the way to PostgreSQL took the
 * matcher past its 768 MB heap.
 */
const PLAN_CHUNK = 5_000;

async function planRows(
  db: Pick<Db, '$queryRawUnsafe'>,
  rows: readonly { job: DeliverJob; email: string | null }[],
  options: PlanOptions,
): Promise<DeliveryDispatch[]> {
  const planned: DeliveryDispatch[] = [];
  for (let i = 0; i < rows.length; i += PLAN_CHUNK)
    planned.push(...(await planChunk(db, rows.slice(i, i + PLAN_CHUNK), options)));
  return planned;
}

async function planChunk(
  db: Pick<Db, '$queryRawUnsafe'>,
  rows: readonly { job: DeliverJob; email: string | null }[],
  options: PlanOptions,
): Promise<DeliveryDispatch[]> {
  if (!rows.length) return [];
  const jobs = rows.map((row) => row.job);
  const now = options.now ?? new Date();
  const dueAt = new Date(now.getTime() + (options.leaseMs ?? PLAN_GRACE_MS));
  const keys = jobs.map(deliveryKey);
  const plan = () =>
    db.$queryRawUnsafe<{ id: string; dispatches: number }[]>(
      PLAN,
      keys.map(deliveryIdFor),
      keys,
      jobs.map((job) => job.subscriberId),
      rows.map((row) => row.email),
      jobs.map((job) => job.kind),
      jobs.map(frequencyOf),
      jobs.map((job) => JSON.stringify(job)),
      dueAt,
      options.claimed ? now : null,
    );
  // Two planners of the same work at the same moment (the reconciler and a matcher; two mailers of a legacy job)
  // insert the same id: the one that waited fails on the primary key, which ON CONFLICT ("dedupeKey") does not
  // arbitrate. Once the first has committed, the row is there and a second try finds it by its key.
  const planned = await plan().catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    return plan();
  });
  return planned.map((row) => ({ deliveryId: row.id, dispatch: row.dispatches }));
}

const isUniqueViolation = (error: unknown) =>
  /\b23505\b/.test(String((error as Error)?.message ?? '')) || (error as { code?: string })?.code === '23505';

/**
 * A planned row is first looked at by the reconciler this long after it was written: time for its planner to
 * enqueue its job, so the two do not both hand it out.
 */
const PLAN_GRACE_MS = 10_000;

/** What the queue side of owing mail needs: somewhere to put the dispatches. */
export interface DeliveryQueue {
  enqueueDeliveries(dispatches: DeliveryDispatch[]): Promise<unknown>;
}

/**
 * Plan these emails, then enqueue the ones just planned. If the enqueue fails (Redis down), the rows are still
 * owed and the reconciler hands them out once Redis is back: the failure goes to `onQueueError` (default: thrown),
 * so a web request can still answer that the email is on its way.
 */
export async function oweDeliveries(
  deps: { db: Db; queue: DeliveryQueue; leaseMs?: number; onQueueError?: (error: Error) => void },
  jobs: readonly DeliverJob[],
): Promise<DeliveryDispatch[]> {
  const planned = await planDeliveries(deps.db, jobs, deps.leaseMs === undefined ? {} : { leaseMs: deps.leaseMs });
  if (!planned.length) return planned;
  try {
    await deps.queue.enqueueDeliveries(planned);
  } catch (error) {
    if (!deps.onQueueError) throw error;
    deps.onQueueError(error as Error);
  }
  return planned;
}

/** What happened to a delivery after a failed attempt. */
export type FailureOutcome = { status: 'PENDING'; retryAt: Date } | { status: 'FAILED' | 'SUPPRESSED' };

// Attempts before this one decide the wait (attempts is read before it is incremented). Only a PENDING row moves:
// one that was sent meanwhile (another job of the same row) stays SENT.
const RECORD_FAILURE = `
  UPDATE "Delivery" SET attempts = attempts + 1, error = $2,
    status = (CASE WHEN $3 THEN 'SUPPRESSED' WHEN "createdAt" < $4 THEN 'FAILED' ELSE 'PENDING' END)::"DeliveryStatus",
    "dueAt" = CASE WHEN $3 OR "createdAt" < $4 THEN NULL
      ELSE $5::timestamp + LEAST($6::float8 * power(2, attempts), $7::float8) * interval '1 millisecond' END
  WHERE id = $1 AND ${OWED}
  RETURNING status::text AS status, "dueAt"`;

/**
 * Record a failed attempt. A permanent failure (a 5xx for the address) suppresses the address and ends the
 * delivery; a transient one leaves it owed, due again after the policy's backoff, until it has been failing for
 * `giveUpAfterMs`: then it is FAILED, for an admin to see and retry.
 */
export async function recordDeliveryFailure(
  db: Db,
  input: {
    deliveryId: string;
    email: string;
    error: string;
    permanent: boolean;
    policy: DeliveryRetryPolicy;
    now?: Date;
  },
): Promise<FailureOutcome> {
  const now = input.now ?? new Date();
  if (input.permanent) {
    await db.suppression.upsert({
      where: { email: input.email },
      create: { email: input.email, reason: 'SMTP_PERMANENT', detail: input.error },
      update: {},
    });
  }
  const giveUpBefore = new Date(now.getTime() - input.policy.giveUpAfterMs);
  const [row] = await db.$queryRawUnsafe<{ status: 'PENDING' | 'FAILED' | 'SUPPRESSED'; dueAt: Date | null }[]>(
    RECORD_FAILURE,
    input.deliveryId,
    input.error,
    input.permanent,
    giveUpBefore,
    now,
    input.policy.firstDelayMs,
    input.policy.maxDelayMs,
  );
  if (!row) return { status: input.permanent ? 'SUPPRESSED' : 'FAILED' };
  return row.status === 'PENDING' ? { status: 'PENDING', retryAt: row.dueAt! } : { status: row.status };
}

// Matches it had claimed but may no longer send (their alert paused since) go back to the pool, so they are
// announced if the alert is resumed. Found through the subscriber's alerts and the delivery (Match_delivery_idx);
// rare work: only a delivery with nothing left to send gets here.
const RECORD_SKIPPED = `
  WITH skipped AS (
    UPDATE "Delivery" SET status = 'SKIPPED', error = $2, "dueAt" = NULL WHERE id = $1 AND ${OWED} RETURNING "subscriberId")
  UPDATE "Match" m SET "deliveryId" = NULL
  FROM "Subscription" s
  WHERE s."subscriberId" = (SELECT "subscriberId" FROM skipped) AND m."subscriptionId" = s.id AND m."deliveryId" = $1 AND m."deliveredAt" IS NULL`;

/** Mark a delivery final without sending: nothing was left to send when its turn came. */
export async function recordDeliverySkipped(db: Db, deliveryId: string, reason: string): Promise<void> {
  await db.$executeRawUnsafe(RECORD_SKIPPED, deliveryId, reason.slice(0, 1000));
}

/**
 * An admin's "try again" on a delivery that was given up (FAILED): owed again from now, with a fresh retry window,
 * under a new dispatch number. Returns the dispatch to enqueue, or null when it is not FAILED (sent meanwhile, or
 * never given up).
 */
export async function retryFailedDelivery(
  db: Pick<Db, '$queryRawUnsafe'>,
  deliveryId: string,
): Promise<DeliveryDispatch | null> {
  const [row] = await db.$queryRawUnsafe<{ id: string; dispatches: number }[]>(
    `UPDATE "Delivery" SET status = 'PENDING', "createdAt" = now(), "dueAt" = now() + interval '${PLAN_GRACE_MS} milliseconds', dispatches = dispatches + 1
     WHERE id = $1 AND status = 'FAILED' AND job IS NOT NULL RETURNING id, dispatches`,
    deliveryId,
  );
  return row ? { deliveryId: row.id, dispatch: row.dispatches } : null;
}
