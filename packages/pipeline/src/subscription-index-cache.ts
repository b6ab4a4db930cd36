import type { Db } from '@alerts/db';
import { SubscriptionIndex } from '@alerts/matching';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';
import { PARTITION_COUNT } from './partition';

export interface ActiveSubscription {
  id: string;
  subscriberId: string;
  frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY';
  confirmedAt: Date;
  /** Also announce matching questions when they are asked (tabled). */
  includeTabled: boolean;
}

interface Entry {
  version: string;
  /** Every subscription: matched against answers and corrections. */
  index: SubscriptionIndex;
  /**
   * Only those with includeTabled: matched against questions just asked. An index of its own rather than a flag
   * checked per pair, so the asked questions cost nothing for the many alerts that announce answers only.
   */
  askedIndex: SubscriptionIndex;
  subscriptions: Map<string, ActiveSubscription>;
}

const PARTITION_FILTER = `s.partition = ANY($1::int[]) AND ${MAY_RECEIVE_MAIL_SQL}`;

// What changes when any of the partition's live alerts could: their count and latest edit, any subscriber's status,
// and the suppression list (the rule reads all three).
const VERSION = `
  SELECT count(*)::text || ':' || COALESCE(max(s."updatedAt")::text, '') || ':' ||
         COALESCE((SELECT max("updatedAt")::text FROM "Subscriber"), '') || ':' ||
         (SELECT count(*)::text || COALESCE(max("createdAt")::text, '') FROM "Suppression") AS version
  FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId"
  WHERE ${PARTITION_FILTER}`;

const ROWS = `
  SELECT s.id, s."subscriberId", s.frequency::text AS frequency, s."confirmedAt", s."includeTabled", s.query
  FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId"
  WHERE ${PARTITION_FILTER}`;

/**
 * The subscriptions of one partition that may receive mail (may-receive-mail.ts), as a SubscriptionIndex. Kept
 * between jobs and rebuilt only when the partition changes, so a match worker pays the build cost once, not per job.
 */
export function createSubscriptionIndexCache(db: Db) {
  const cache = new Map<string, Entry>();

  return async function load(partition: number, partitions: number): Promise<Entry> {
    const shares = Array.from({ length: Math.ceil(PARTITION_COUNT / partitions) }, (_, i) => partition + i * partitions).filter((p) => p < PARTITION_COUNT);
    const [stamp] = await db.$queryRawUnsafe<{ version: string | null }[]>(VERSION, shares);
    const version = stamp?.version ?? '';
    const key = `${partition}/${partitions}`;
    const cached = cache.get(key);
    if (cached?.version === version) return cached;
    const rows = await db.$queryRawUnsafe<(ActiveSubscription & { query: string })[]>(ROWS, shares);
    const index = new SubscriptionIndex();
    const askedIndex = new SubscriptionIndex();
    const subscriptions = new Map<string, ActiveSubscription>();
    for (const row of rows) {
      try {
        index.add(row.id, row.query);
      } catch {
        continue; // a query saved before a grammar change and now invalid: skip it rather than fail the partition
      }
      if (row.includeTabled) askedIndex.add(row.id, row.query);
      subscriptions.set(row.id, { id: row.id, subscriberId: row.subscriberId, frequency: row.frequency, confirmedAt: row.confirmedAt, includeTabled: row.includeTabled });
    }
    const entry = { version, index, askedIndex, subscriptions };
    cache.set(key, entry);
    return entry;
  };
}

export type SubscriptionIndexCache = ReturnType<typeof createSubscriptionIndexCache>;
