import type { Db } from '@alerts/db';
import type { MatchJob } from '@alerts/queue';

export const MATCH_CURSOR = 'matcher';

/**
 * Turn question events not yet dispatched into one match job per partition of the subscriptions, and move the
 * cursor past them. The cursor row is locked for the duration, so two dispatchers never hand out the same range;
 * if the process dies after enqueueing but before committing, the next dispatch enqueues the same ranges under the
 * same job ids (de-duplicated), and match rows are unique anyway.
 */
export async function dispatchMatchJobs(options: {
  db: Db;
  partitions: number;
  enqueue: (jobs: MatchJob[]) => Promise<unknown>;
}): Promise<MatchJob[]> {
  const { db, partitions, enqueue } = options;
  return db.$transaction(
    async (tx) => {
      await tx.eventCursor.upsert({ where: { name: MATCH_CURSOR }, create: { name: MATCH_CURSOR }, update: {} });
      const [cursor] = await tx.$queryRaw<{ position: bigint }[]>`SELECT position FROM "EventCursor" WHERE name = ${MATCH_CURSOR} FOR UPDATE`;
      const latest = await tx.questionEvent.aggregate({ _max: { id: true } });
      const from = (cursor?.position ?? 0n) + 1n;
      const to = latest._max.id;
      if (to === null || to < from) return [];
      const jobs = Array.from({ length: partitions }, (_, partition) => ({ fromEventId: String(from), toEventId: String(to), partition, partitions }));
      await enqueue(jobs);
      await tx.eventCursor.update({ where: { name: MATCH_CURSOR }, data: { position: to } });
      return jobs;
    },
    { timeout: 30_000 },
  );
}
