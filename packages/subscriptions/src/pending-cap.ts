import type { Prisma } from '@alerts/db';
import { PipelineError } from './errors';

/** At most `max` unconfirmed sign-ups (alerts and follows together) per mailbox created in the last `perMs`. */
export interface PendingCap {
  max: number;
  perMs: number;
}

/**
 * One writer per mailbox at a time (`key` from mailboxKey), for the rest of the transaction; then, with a cap, throw
 * PipelineError('OVER_LIMIT') when the mailbox (every address of it: Subscriber.mailbox) already has `cap.max`
 * unconfirmed alerts and follows from the last `cap.perMs`. Each one queues a confirmation email, so this also caps
 * those emails. Alert sign-up and following a question share it, so the cap is one rule.
 */
export async function lockMailboxUnderCap(
  tx: Prisma.TransactionClient,
  input: { key: string; cap?: PendingCap | undefined; now: Date },
): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${input.key}, 14))`;
  if (!input.cap) return;
  const since = new Date(input.now.getTime() - input.cap.perMs);
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    SELECT COALESCE(sum(
      (SELECT count(*) FROM "Subscription" s WHERE s."subscriberId" = r.id AND s."confirmedAt" IS NULL AND s."createdAt" >= ${since})
      + (SELECT count(*) FROM "Follow" f WHERE f."subscriberId" = r.id AND f."confirmedAt" IS NULL AND f."createdAt" >= ${since})
    ), 0)::int AS n
    FROM "Subscriber" r WHERE r.mailbox = ${input.key}`;
  if ((row?.n ?? 0) >= input.cap.max)
    throw new PipelineError('OVER_LIMIT', 'too many unconfirmed sign-ups for this address', true);
}
