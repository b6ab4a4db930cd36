import type { Db } from '@alerts/db';
import type { MatchJob } from '@alerts/queue';

export const MATCH_CURSOR = 'matcher';

/**
 * Turn question events not yet dispatched into one match job per partition of the subscriptions. In one
 * transaction, holding the cursor row (so two dispatchers never hand out the same range): a MatchWork row per job,
 * and the cursor moved past the range. The jobs are enqueued only after that commits; if the enqueue fails, or
 * Redis later loses the jobs, the MatchWork rows are still there and the reconciler enqueues them again. A row is
 * deleted only when its job is done (finishMatchWork), so the cursor says what was handed out, and the rows what is
 * still owed.
 */
export async function dispatchMatchJobs(options: {
  db: Db;
  partitions: number;
  enqueue: (jobs: MatchJob[]) => Promise<unknown>;
  /** When the reconciler first looks whether the jobs are still queued. Default 2 minutes. */
  leaseMs?: number;
}): Promise<MatchJob[]> {
  const { db, partitions, enqueue } = options;
  const dueAt = new Date(Date.now() + (options.leaseMs ?? 120_000));
  const jobs = await db.$transaction(
    async (tx) => {
      await tx.eventCursor.upsert({ where: { name: MATCH_CURSOR }, create: { name: MATCH_CURSOR }, update: {} });
      const [cursor] = await tx.$queryRaw<
        { position: bigint }[]
      >`SELECT position FROM "EventCursor" WHERE name = ${MATCH_CURSOR} FOR UPDATE`;
      const latest = await tx.questionEvent.aggregate({ _max: { id: true } });
      const from = (cursor?.position ?? 0n) + 1n;
      const to = latest._max.id;
      if (to === null || to < from) return [];
      const batch: MatchJob[] = Array.from({ length: partitions }, (_, partition) => ({
        fromEventId: String(from),
        toEventId: String(to),
        partition,
        partitions,
        dispatch: 0,
      }));
      await tx.matchWork.createMany({
        data: batch.map((job) => ({ fromEventId: from, toEventId: to, partition: job.partition, partitions, dueAt })),
        skipDuplicates: true,
      });
      await tx.eventCursor.update({ where: { name: MATCH_CURSOR }, data: { position: to } });
      return batch;
    },
    { timeout: 30_000 },
  );
  if (jobs.length) await enqueue(jobs);
  return jobs;
}

/** A match job is done: its matches are stored and their deliveries planned. Nothing is owed for it any more. */
export async function finishMatchWork(
  db: Db,
  job: Pick<MatchJob, 'fromEventId' | 'toEventId' | 'partition' | 'partitions'>,
): Promise<void> {
  await db.matchWork.deleteMany({
    where: {
      fromEventId: BigInt(job.fromEventId),
      toEventId: BigInt(job.toEventId),
      partition: job.partition,
      partitions: job.partitions,
    },
  });
}
