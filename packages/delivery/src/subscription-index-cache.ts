import type { Db } from '@alerts/db';
import { SubscriptionIndex } from '@alerts/matching';
import { MAY_RECEIVE_MAIL_SQL } from './may-receive-mail';
import { partitionShares } from '@alerts/subscriptions';

export interface ActiveSubscription {
  id: string;
  subscriberId: string;
  frequency: 'IMMEDIATE' | 'DAILY' | 'WEEKLY';
  confirmedAt: Date;
  /** Also announce matching questions when they are asked (tabled). */
  includeTabled: boolean;
  /** Where its matches go: the subscriber's email, or its webhook. */
  channel: 'EMAIL' | 'WEBHOOK';
}

interface Entry {
  /** Every subscription: matched against answers and corrections. */
  index: SubscriptionIndex;
  /**
   * Only those with includeTabled: matched against questions just asked. An index of its own rather than a flag
   * checked per pair, so the asked questions cost nothing for the many alerts that announce answers only.
   */
  askedIndex: SubscriptionIndex;
  subscriptions: Map<string, ActiveSubscription>;
}

interface Held extends Entry {
  /** Each held alert's query, to tell an edit that changes what it matches from one that does not. */
  queries: Map<string, string>;
  /** The held alerts of each subscriber: what to take out when one of theirs stops being live. */
  bySubscriber: Map<string, Set<string>>;
  /** The database's clock when the index was last brought up to date. */
  seenAt: Date;
  /**
   * The oldest transaction still running then (pg_snapshot_xmin): every change of that transaction or a later one
   * is read at the next look, so none committed after a look is missed; older ones were applied.
   */
  seenXmin: string;
}

type Row = ActiveSubscription & { query: string };

/** How long the AlertChange log is kept (the reconciler prunes it). A cache older than this is rebuilt. */
export const ALERT_CHANGE_RETENTION_MS = 24 * 3600_000;
/** Beyond this share of the held alerts changed at once, rebuilding is cheaper than applying each change. */
const REBUILD_SHARE = 0.25;

const PARTITION_FILTER = `s.partition = ANY($1::int[])`;

const ALL_ROWS = `
  SELECT s.id, s."subscriberId", s.frequency::text AS frequency, s."confirmedAt", s."includeTabled", s.channel::text AS channel, s.query
  FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId"
  WHERE ${PARTITION_FILTER} AND ${MAY_RECEIVE_MAIL_SQL}`;

// Re-reading a change already applied is harmless: a subscriber's alerts are put back as they now are.
const CHANGED_SUBSCRIBERS = `SELECT DISTINCT "subscriberId" FROM "AlertChange" WHERE xid >= $1::text::xid8`;
const LOOK = `SELECT now() AS now, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`;

const ROWS_OF = `
  SELECT s.id, s."subscriberId", s.frequency::text AS frequency, s."confirmedAt", s."includeTabled", s.channel::text AS channel, s.query
  FROM "Subscription" s JOIN "Subscriber" r ON r.id = s."subscriberId"
  WHERE ${PARTITION_FILTER} AND s."subscriberId" = ANY($2::text[]) AND ${MAY_RECEIVE_MAIL_SQL}`;

/**
 * The subscriptions of one partition that may receive mail (may-receive-mail.ts), as a SubscriptionIndex kept between
 * jobs. Built once; after that, every load applies only what changed since the last: the subscribers the AlertChange
 * log names (written by triggers on every alert, subscriber and suppression change) have their alerts taken out of
 * the index and put back as they now are. So 1,000 edits among a million alerts cost about 1,000 adds, not a rebuild
 * (bench:churn). An edit made between two jobs is matched by the second.
 */
export function createSubscriptionIndexCache(db: Db) {
  const cache = new Map<string, Held>();
  // One load at a time per partition: two jobs of this process never apply the same changes at once.
  const loading = new Map<string, Promise<Held>>();

  async function bringUpToDate(key: string, shares: number[]): Promise<Held> {
    const [look] = (await db.$queryRawUnsafe<{ now: Date; xmin: string }[]>(LOOK)) as [{ now: Date; xmin: string }];
    const held = cache.get(key);
    // Half the retention: the log still holds everything since the last look, whatever the clocks say.
    if (!held || look.now.getTime() - held.seenAt.getTime() > ALERT_CHANGE_RETENTION_MS / 2)
      return rebuild(key, shares, look);
    const changed = (await db.$queryRawUnsafe<{ subscriberId: string }[]>(CHANGED_SUBSCRIBERS, held.seenXmin)).map(
      (r) => r.subscriberId,
    );
    if (changed.length > Math.max(1_000, held.subscriptions.size * REBUILD_SHARE)) return rebuild(key, shares, look);
    if (changed.length) {
      const rows = await db.$queryRawUnsafe<Row[]>(ROWS_OF, shares, changed);
      applyChanges(held, changed, rows);
    }
    held.seenAt = look.now;
    held.seenXmin = look.xmin;
    return held;
  }

  // The look is taken before the rows are read: a change committed meanwhile is read again at the next look.
  async function rebuild(key: string, shares: number[], look: { now: Date; xmin: string }): Promise<Held> {
    const rows = await db.$queryRawUnsafe<Row[]>(ALL_ROWS, shares);
    const held: Held = {
      index: new SubscriptionIndex(),
      askedIndex: new SubscriptionIndex(),
      subscriptions: new Map(),
      queries: new Map(),
      bySubscriber: new Map(),
      seenAt: look.now,
      seenXmin: look.xmin,
    };
    for (const row of rows) put(held, row);
    cache.set(key, held);
    return held;
  }

  return async function load(partition: number, partitions: number): Promise<Entry> {
    const shares = partitionShares(partition, partitions);
    const key = `${partition}/${partitions}`;
    const previous = loading.get(key) ?? Promise.resolve(undefined);
    const next = previous.catch(() => undefined).then(() => bringUpToDate(key, shares));
    loading.set(key, next);
    return next;
  };
}

/** The changed subscribers' alerts, as they now are: out if no longer live, in (or replaced) if live. */
function applyChanges(held: Held, changed: string[], rows: Row[]): void {
  const live = new Map<string, Row[]>();
  for (const row of rows) live.set(row.subscriberId, [...(live.get(row.subscriberId) ?? []), row]);
  for (const subscriberId of changed) {
    const now = live.get(subscriberId) ?? [];
    const keep = new Set(now.map((r) => r.id));
    for (const id of held.bySubscriber.get(subscriberId) ?? []) if (!keep.has(id)) take(held, id);
    for (const row of now) put(held, row);
  }
}

/** Hold one live alert, replacing what was held under its id. A query that no longer parses is left out. */
function put(held: Held, row: Row): void {
  const newQuery = held.queries.get(row.id) !== row.query;
  if (newQuery) {
    try {
      held.index.add(row.id, row.query);
    } catch {
      // A query saved before a grammar change and now invalid: skip it rather than fail the partition.
      take(held, row.id);
      return;
    }
    held.queries.set(row.id, row.query);
  }
  const asked = !newQuery && held.subscriptions.get(row.id)?.includeTabled === true;
  if (!row.includeTabled) held.askedIndex.remove(row.id);
  else if (!asked) held.askedIndex.add(row.id, row.query);
  held.subscriptions.set(row.id, {
    id: row.id,
    subscriberId: row.subscriberId,
    frequency: row.frequency,
    confirmedAt: row.confirmedAt,
    includeTabled: row.includeTabled,
    channel: row.channel,
  });
  let mine = held.bySubscriber.get(row.subscriberId);
  if (!mine) held.bySubscriber.set(row.subscriberId, (mine = new Set()));
  mine.add(row.id);
}

function take(held: Held, id: string): void {
  held.index.remove(id);
  held.askedIndex.remove(id);
  held.queries.delete(id);
  const subscription = held.subscriptions.get(id);
  if (!subscription) return;
  held.subscriptions.delete(id);
  const mine = held.bySubscriber.get(subscription.subscriberId);
  mine?.delete(id);
  if (mine && !mine.size) held.bySubscriber.delete(subscription.subscriberId);
}

export type SubscriptionIndexCache = ReturnType<typeof createSubscriptionIndexCache>;
