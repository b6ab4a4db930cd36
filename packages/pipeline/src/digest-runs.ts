import type { Db } from '@alerts/db';
import { deliverJobs, deliveryKey, type DeliveryDispatch } from '@alerts/queue';
import { deliveryIdFor } from './delivery-ledger';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';

type DigestFrequency = 'DAILY' | 'WEEKLY';

/**
 * Record that a daily or weekly run is due (the scheduler's tick, before it enqueues the run's job). Until the run
 * is planned, the reconciler enqueues its job again whenever none is queued: a Redis that restarts empty before the
 * mailer fans the run out delays it by a reconcile tick, not by a day.
 */
export async function recordDigestRun(db: Db, run: { frequency: DigestFrequency; runKey: string; leaseMs: number }): Promise<void> {
  const dueAt = new Date(Date.now() + run.leaseMs);
  await db.digestRun.upsert({ where: { frequency_runKey: { frequency: run.frequency, runKey: run.runKey } }, create: { frequency: run.frequency, runKey: run.runKey, dueAt }, update: {} });
}

// One Delivery row per subscriber with undelivered, unclaimed matches of this frequency on alerts that may receive
// mail, keyed as deliverJobs.digest keys it, in one statement. Which matches each email carries is decided when it
// is sent (it claims them), so a match found after planning still goes in the subscriber's email.
const PLAN_RUN = `
  INSERT INTO "Delivery" (id, "dedupeKey", "subscriberId", email, kind, frequency, status, job, "dueAt")
  SELECT p.id, p.key, p."subscriberId", p.email, 'DIGEST', $1::"Frequency", 'PENDING',
         jsonb_build_object('kind', 'DIGEST', 'subscriberId', p."subscriberId", 'frequency', $1::text, 'runKey', $2::text), $3
  FROM unnest($4::text[], $5::text[], $6::text[], $7::text[]) AS p(id, key, "subscriberId", email)
  ON CONFLICT ("dedupeKey") DO NOTHING
  RETURNING id, dispatches`;

/**
 * Plan a digest run once: in one transaction, one PENDING delivery per subscriber who has something to receive,
 * and the run marked planned. Returns the dispatches to enqueue (none when the run was planned before: a second
 * job of the same run, or a job the reconciler re-enqueued after the first one planned it).
 */
export async function planDigestRun(db: Db, run: { frequency: DigestFrequency; runKey: string; leaseMs: number }): Promise<DeliveryDispatch[]> {
  const { frequency, runKey } = run;
  return db.$transaction(
    async (tx) => {
      await tx.digestRun.upsert({ where: { frequency_runKey: { frequency, runKey } }, create: { frequency, runKey }, update: {} });
      const [locked] = await tx.$queryRaw<{ plannedAt: Date | null }[]>`
        SELECT "plannedAt" FROM "DigestRun" WHERE frequency = ${frequency}::"Frequency" AND "runKey" = ${runKey} FOR UPDATE`;
      if (locked?.plannedAt) return [];
      const subscribers = await tx.$queryRawUnsafe<{ subscriberId: string; email: string }[]>(
        `SELECT DISTINCT s."subscriberId", r.email
         FROM "Match" m
         JOIN "Subscription" s ON s.id = m."subscriptionId"
         JOIN "Subscriber" r ON r.id = s."subscriberId"
         WHERE m."deliveredAt" IS NULL AND m."deliveryId" IS NULL AND s.frequency = $1::"Frequency" AND ${MAY_RECEIVE_MAIL_SQL}`,
        frequency,
      );
      const keys = subscribers.map((s) => deliveryKey(deliverJobs.digest(s.subscriberId, frequency, runKey)));
      const planned = subscribers.length
        ? await tx.$queryRawUnsafe<{ id: string; dispatches: number }[]>(
            PLAN_RUN, frequency, runKey, new Date(Date.now() + run.leaseMs),
            keys.map(deliveryIdFor), keys, subscribers.map((s) => s.subscriberId), subscribers.map((s) => s.email),
          )
        : [];
      await tx.digestRun.update({ where: { frequency_runKey: { frequency, runKey } }, data: { plannedAt: new Date(), deliveries: planned.length, dueAt: new Date() } });
      return planned.map((row) => ({ deliveryId: row.id, dispatch: row.dispatches }));
    },
    { timeout: 120_000 },
  );
}
