import { randomUUID } from 'node:crypto';
import type { Db, Frequency } from '@alerts/db';
import { validateQuery } from '@alerts/matching';
import { normaliseEmail } from './email-address';
import { PipelineError } from './errors';
import { confirmFollows } from './follows';
import { partitionOf } from './partition';

export interface AddSubscriptionInput {
  email: string;
  query: string;
  frequency?: Frequency;
  label?: string;
  /** Skip double opt-in (operator imports). Otherwise the subscription waits for the confirmation link. */
  confirmed?: boolean;
  now?: Date;
}

/**
 * Save an alert. The query is validated first (nothing is stored on error). A confirmed subscription only receives
 * questions that become answered after `confirmedAt`.
 */
export async function addSubscription(db: Db, input: AddSubscriptionInput) {
  const email = normaliseEmail(input.email);
  const checked = validateQuery(input.query);
  if (!checked.ok) throw new PipelineError('INVALID_QUERY', `invalid query at character ${checked.error.position + 1}: ${checked.error.message}`, true);
  const now = input.now ?? new Date();
  const id = `sub_${randomUUID().replace(/-/g, '')}`;
  return db.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.upsert({
      where: { email },
      create: { email, status: input.confirmed ? 'ACTIVE' : 'PENDING', confirmedAt: input.confirmed ? now : null },
      update: input.confirmed ? { status: 'ACTIVE', confirmedAt: now } : {},
    });
    const subscription = await tx.subscription.create({
      data: {
        id,
        subscriberId: subscriber.id,
        query: input.query.trim(),
        label: input.label?.trim() || null,
        frequency: input.frequency ?? 'DAILY',
        confirmedAt: input.confirmed ? now : null,
        partition: partitionOf(id),
      },
    });
    return { subscriber, subscription, needsConfirmation: !input.confirmed };
  });
}

/** Confirm a subscriber and every pending subscription and follow of theirs (the double opt-in link). */
export async function confirmSubscriber(db: Db, subscriberId: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.update({ where: { id: subscriberId }, data: { status: 'ACTIVE', confirmedAt: now } });
    const confirmed = await tx.subscription.updateMany({ where: { subscriberId, confirmedAt: null }, data: { confirmedAt: now } });
    const follows = await confirmFollows(tx, subscriberId, now);
    // A follow is counted with the alerts: "N alerts are now active" on the confirmation page.
    return { subscriber, confirmed: confirmed.count + follows };
  });
}

export async function listSubscriptions(db: Db, filter: { email?: string } = {}) {
  return db.subscription.findMany({
    where: filter.email ? { subscriber: { email: normaliseEmail(filter.email) } } : {},
    include: { subscriber: { select: { email: true, status: true } } },
    orderBy: { createdAt: 'asc' },
  });
}

export async function removeSubscription(db: Db, id: string): Promise<void> {
  const deleted = await db.subscription.deleteMany({ where: { id } });
  if (!deleted.count) throw new PipelineError('NOT_FOUND', `no subscription with id ${id}`, true);
}
