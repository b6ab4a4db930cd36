import type { Db } from '@alerts/db';
import { deliverJobs, type DeliveryDispatch } from '@alerts/queue';
import { planDeliveries } from './delivery-ledger';
import { subscribersWithPendingMatches } from './pending-digests';

type DigestFrequency = 'DAILY' | 'WEEKLY';

/**
 * Record that a daily or weekly run is due (the scheduler's tick, before it enqueues the run's job). Until the run
 * is planned, the reconciler enqueues its job again whenever none is queued: a Redis that restarts empty before the
 * mailer fans the run out delays it by a reconcile tick, not by a day.
 */
export async function recordDigestRun(
  db: Db,
  run: { frequency: DigestFrequency; runKey: string; leaseMs: number },
): Promise<void> {
  const dueAt = new Date(Date.now() + run.leaseMs);
  await db.digestRun.upsert({
    where: { frequency_runKey: { frequency: run.frequency, runKey: run.runKey } },
    create: { frequency: run.frequency, runKey: run.runKey, dueAt },
    update: {},
  });
}

/**
 * Plan a digest run once: in one transaction, one PENDING delivery per subscriber who has something to receive,
 * and the run marked planned. Returns the dispatches to enqueue (none when the run was planned before: a second
 * job of the same run, or a job the reconciler re-enqueued after the first one planned it).
 */
export async function planDigestRun(
  db: Db,
  run: { frequency: DigestFrequency; runKey: string; leaseMs: number },
): Promise<DeliveryDispatch[]> {
  const { frequency, runKey } = run;
  return db.$transaction(
    async (tx) => {
      await tx.digestRun.upsert({
        where: { frequency_runKey: { frequency, runKey } },
        create: { frequency, runKey },
        update: {},
      });
      const [locked] = await tx.$queryRaw<{ plannedAt: Date | null }[]>`
        SELECT "plannedAt" FROM "DigestRun" WHERE frequency = ${frequency}::"Frequency" AND "runKey" = ${runKey} FOR UPDATE`;
      if (locked?.plannedAt) return [];
      // One delivery per subscriber with something to receive; which matches each carries is decided when it is
      // sent (it claims them), so a match found after planning still goes in the subscriber's email.
      const subscriberIds = await subscribersWithPendingMatches(tx, frequency);
      const planned = await planDeliveries(
        tx,
        subscriberIds.map((id) => deliverJobs.digest(id, frequency, runKey)),
        { leaseMs: run.leaseMs },
      );
      await tx.digestRun.update({
        where: { frequency_runKey: { frequency, runKey } },
        data: { plannedAt: new Date(), deliveries: planned.length, dueAt: new Date() },
      });
      return planned;
    },
    { timeout: 120_000 },
  );
}
