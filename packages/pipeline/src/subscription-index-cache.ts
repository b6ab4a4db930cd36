import type { Db } from '@alerts/db';
import { SubscriptionIndex } from '@alerts/matching';

export interface ActiveSubscription {
  id: string;
  subscriberId: string;
  frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY';
  confirmedAt: Date;
}

interface Entry {
  version: string;
  index: SubscriptionIndex;
  subscriptions: Map<string, ActiveSubscription>;
}

/**
 * The subscriptions of one partition that can receive mail (confirmed, not paused or disabled, subscriber active),
 * as a SubscriptionIndex. Kept between jobs and rebuilt only when the partition changes (count or latest update),
 * so a match worker pays the build cost once, not per job.
 */
export function createSubscriptionIndexCache(db: Db) {
  const cache = new Map<string, Entry>();
  const where = (partition: number, partitions: number) => ({
    partition: { in: Array.from({ length: Math.ceil(1024 / partitions) }, (_, i) => partition + i * partitions).filter((p) => p < 1024) },
    confirmedAt: { not: null },
    paused: false,
    disabledAt: null,
    subscriber: { status: 'ACTIVE' as const },
  });

  return async function load(partition: number, partitions: number): Promise<Entry> {
    const filter = where(partition, partitions);
    const stats = await db.subscription.aggregate({ where: filter, _count: true, _max: { updatedAt: true } });
    const subscriberStamp = await db.subscriber.aggregate({ _max: { updatedAt: true } });
    const version = `${stats._count}:${stats._max.updatedAt?.getTime()}:${subscriberStamp._max.updatedAt?.getTime()}`;
    const key = `${partition}/${partitions}`;
    const cached = cache.get(key);
    if (cached?.version === version) return cached;
    const rows = await db.subscription.findMany({ where: filter, select: { id: true, subscriberId: true, frequency: true, confirmedAt: true, query: true } });
    const index = new SubscriptionIndex();
    const subscriptions = new Map<string, ActiveSubscription>();
    for (const row of rows) {
      try {
        index.add(row.id, row.query);
      } catch {
        continue; // a query saved before a grammar change and now invalid: skip it rather than fail the partition
      }
      subscriptions.set(row.id, { id: row.id, subscriberId: row.subscriberId, frequency: row.frequency, confirmedAt: row.confirmedAt! });
    }
    const entry = { version, index, subscriptions };
    cache.set(key, entry);
    return entry;
  };
}

export type SubscriptionIndexCache = ReturnType<typeof createSubscriptionIndexCache>;
