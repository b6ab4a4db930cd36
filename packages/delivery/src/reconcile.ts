import type { Db } from '@alerts/db';
import { deliverJobs, jobIds, type DeliverJob, type Queues } from '@alerts/queue';
import { planDeliveries } from './delivery-ledger';
import { HAND_OUT_AGAIN, RENEW_LEASES } from './delivery-leases';
import type { ReaderClock } from '@alerts/composition';
import { eraseDepartedAddresses } from './erase-departed-addresses';
import { findFollowNotices } from './find-follow-notices';
import { findOwedConfirmations } from './owed-confirmations';
import { findOwedManageLinks, pruneManageLinkRequests } from './owed-manage-links';
import { ALERT_CHANGE_RETENTION_MS } from './subscription-index-cache';
import { findUnannouncedImmediate } from './sweep-immediate';

export type ReconcileQueues = Pick<
  Queues,
  'deliver' | 'byMatchQueue' | 'digest' | 'inFlight' | 'enqueueDeliveries' | 'enqueueMatch' | 'enqueueDigest'
>;

export interface ReconcileOptions {
  db: Db;
  queues: ReconcileQueues;
  /** Immediate matches still unclaimed this long after they were found are planned here (IMMEDIATE_SWEEP_GRACE_SECONDS). */
  sweepGraceMs: number;
  /** How long a dispatched job is trusted to be queued before it is looked for again (RECONCILE_LEASE_SECONDS). */
  leaseMs: number;
  /** A delivery still not sent this long after it was owed is given up (DELIVERY_GIVE_UP_HOURS). */
  giveUpAfterMs: number;
  now?: Date;
  /** Which questions are overdue, for the still-waiting notes: demo mode's stated clock. Default: `now`. */
  clock?: ReaderClock;
}

export interface ReconcileReport {
  /** Deliveries planned by this tick: immediate matches nobody planned, follow notices, confirmations and manage links owed. */
  planned: { immediate: number; follow: number; confirmation: number; manageLink: number };
  /** Owed work whose job was no longer queued (lost, failed, or a retry now due), handed out again. */
  redispatched: { deliveries: number; matchWork: number; digestRuns: number };
  /** Deliveries given up because they were still unsent after giveUpAfterMs. */
  gaveUp: number;
  /** Rows from which the address of a subscriber who is gone was erased (see eraseDepartedAddresses). */
  erased: { deliveries: number; auditEntries: number };
}

/** Rows looked at per kind per tick: bounds one tick's work; the rest waits for the next. */
const BATCH = 20_000;

/**
 * The reconciler, run on every tick: PostgreSQL knows every piece of work owed, Redis only carries it. Plans what is
 * owed but has no row yet (immediate matches a dead matcher never planned, follow notices, confirmations and
 * manage links whose request crashed before planning), then finds owed rows whose job is not in flight (Redis restarted empty, a job
 * failed for good, a retry's time has come) and enqueues them again under a new dispatch number, so no old job id
 * can swallow them. It only reads PostgreSQL and enqueues: running it twice at once hands nothing out twice (each
 * row's dispatch number moves only once). Last, it erases the addresses of subscribers who are gone.
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const { db, queues } = options;
  const now = options.now ?? new Date();
  const plan = async (jobs: DeliverJob[]) => {
    const planned = await planDeliveries(db, jobs, { leaseMs: options.leaseMs, now });
    if (planned.length) await queues.enqueueDeliveries(planned);
    return planned.length;
  };
  const unannounced = await findUnannouncedImmediate(db, { graceMs: options.sweepGraceMs, now });
  const notices = await findFollowNotices(db, { now: options.clock?.now() ?? now });
  const confirmations = await findOwedConfirmations(db, { now, graceMs: options.sweepGraceMs });
  const manageLinks = await findOwedManageLinks(db, { now, graceMs: options.sweepGraceMs });
  const planned = {
    immediate: await plan(
      unannounced.map((u) =>
        u.webhookAlertId
          ? deliverJobs.webhook(u.subscriberId, u.webhookAlertId, u.newestMatchId)
          : deliverJobs.immediate(u.subscriberId, u.newestMatchId),
      ),
    ),
    follow: await plan(notices.map((n) => deliverJobs.follow(n.subscriberId, n.followId, n.eventId))),
    confirmation: await plan(
      confirmations.map((c) =>
        c.followId
          ? deliverJobs.followConfirmation(c.subscriberId, c.followId)
          : deliverJobs.confirmation(c.subscriberId, c.subscriptionId!),
      ),
    ),
    manageLink: await plan(manageLinks.map((m) => deliverJobs.manageLink(m.subscriberId, m.requestId))),
  };
  await pruneManageLinkRequests(db, now);
  const gaveUp = await giveUpStaleDeliveries(db, new Date(now.getTime() - options.giveUpAfterMs));
  // The log the matchers' indexes follow edits by: a matcher that has not looked for longer rebuilds its index.
  await db.$executeRawUnsafe(
    `DELETE FROM "AlertChange" WHERE "changedAt" < $1`,
    new Date(now.getTime() - ALERT_CHANGE_RETENTION_MS),
  );
  const redispatched = {
    deliveries: await redispatchDeliveries(options, now),
    matchWork: await redispatchMatchWork(options, now),
    digestRuns: await redispatchDigestRuns(options, now),
  };
  // Last, so a goodbye sent since the previous tick loses its address now, not a minute later.
  const erased = await eraseDepartedAddresses(db, now);
  return { planned, redispatched, gaveUp, erased };
}

/** Split rows by whether their current job is still queued or running. */
async function byInFlight<T>(
  queues: ReconcileQueues,
  queue: Parameters<ReconcileQueues['inFlight']>[0],
  rows: T[],
  jobIdOf: (row: T) => string,
) {
  const flags = await queues.inFlight(queue, rows.map(jobIdOf));
  return { inFlight: rows.filter((_, i) => flags[i]), lost: rows.filter((_, i) => !flags[i]) };
}

const leaseEnd = (options: ReconcileOptions, now: Date) => new Date(now.getTime() + options.leaseMs);

async function redispatchDeliveries(options: ReconcileOptions, now: Date): Promise<number> {
  const { db, queues } = options;
  const due = await db.$queryRawUnsafe<{ id: string; dispatches: number }[]>(
    `SELECT id, dispatches FROM "Delivery" WHERE status = 'PENDING' AND "dueAt" <= $1 ORDER BY "dueAt" LIMIT ${BATCH}`,
    now,
  );
  if (!due.length) return 0;
  const { inFlight, lost } = await byInFlight(queues, queues.deliver, due, (row) =>
    jobIds.delivery({ deliveryId: row.id, dispatch: row.dispatches }),
  );
  const until = leaseEnd(options, now);
  if (inFlight.length) {
    await db.$executeRawUnsafe(
      RENEW_LEASES,
      inFlight.map((r) => r.id),
      until,
    );
  }
  if (!lost.length) return 0;
  const handedOut = await db.$queryRawUnsafe<{ id: string; dispatches: number }[]>(
    HAND_OUT_AGAIN,
    lost.map((r) => r.id),
    lost.map((r) => r.dispatches),
    until,
  );
  if (handedOut.length)
    await queues.enqueueDeliveries(handedOut.map((r) => ({ deliveryId: r.id, dispatch: r.dispatches })));
  return handedOut.length;
}

async function redispatchMatchWork(options: ReconcileOptions, now: Date): Promise<number> {
  const { db, queues } = options;
  const due = await db.matchWork.findMany({
    where: { dueAt: { lte: now } },
    orderBy: { fromEventId: 'asc' },
    take: BATCH,
  });
  if (!due.length) return 0;
  const job = (row: (typeof due)[number], dispatch = row.dispatches) => ({
    fromEventId: String(row.fromEventId),
    toEventId: String(row.toEventId),
    partition: row.partition,
    partitions: row.partitions,
    dispatch,
  });
  // Each job is looked for in the queue it went to: its partition's.
  const inFlight: typeof due = [];
  const lost: typeof due = [];
  for (const [queue, rows] of queues.byMatchQueue(due)) {
    const found = await byInFlight(queues, queue, rows, (row) => jobIds.match(job(row)));
    inFlight.push(...found.inFlight);
    lost.push(...found.lost);
  }
  const until = leaseEnd(options, now);
  const handedOut = [];
  for (const row of inFlight) await db.matchWork.updateMany({ where: keyOf(row), data: { dueAt: until } });
  for (const row of lost) {
    const moved = await db.matchWork.updateMany({
      where: { ...keyOf(row), dispatches: row.dispatches },
      data: { dispatches: row.dispatches + 1, dueAt: until },
    });
    if (moved.count) handedOut.push(job(row, row.dispatches + 1));
  }
  if (handedOut.length) await queues.enqueueMatch(handedOut);
  return handedOut.length;
}

const keyOf = (row: { fromEventId: bigint; toEventId: bigint; partition: number; partitions: number }) => ({
  fromEventId: row.fromEventId,
  toEventId: row.toEventId,
  partition: row.partition,
  partitions: row.partitions,
});

async function redispatchDigestRuns(options: ReconcileOptions, now: Date): Promise<number> {
  const { db, queues } = options;
  const due = await db.digestRun.findMany({ where: { plannedAt: null, dueAt: { lte: now } }, take: BATCH });
  if (!due.length) return 0;
  const { inFlight, lost } = await byInFlight(queues, queues.digest, due, (row) =>
    jobIds.digest({ frequency: row.frequency as 'DAILY', runKey: row.runKey, dispatch: row.dispatches }),
  );
  const until = leaseEnd(options, now);
  let handedOut = 0;
  for (const row of inFlight)
    await db.digestRun.updateMany({ where: { frequency: row.frequency, runKey: row.runKey }, data: { dueAt: until } });
  for (const row of lost) {
    if (row.frequency === 'IMMEDIATE') continue;
    const moved = await db.digestRun.updateMany({
      where: { frequency: row.frequency, runKey: row.runKey, dispatches: row.dispatches, plannedAt: null },
      data: { dispatches: row.dispatches + 1, dueAt: until },
    });
    if (!moved.count) continue;
    await queues.enqueueDigest({ frequency: row.frequency, runKey: row.runKey, dispatch: row.dispatches + 1 });
    handedOut++;
  }
  return handedOut;
}

/** Owed deliveries older than the give-up age are marked FAILED: an admin sees them, and can retry one. */
async function giveUpStaleDeliveries(db: Db, before: Date): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE "Delivery" SET status = 'FAILED', "dueAt" = NULL, error = COALESCE(error, 'never sent') || ' (given up: still not sent after the retry window)'
     WHERE status = 'PENDING' AND "dueAt" IS NOT NULL AND "createdAt" < $1`,
    before,
  );
}
