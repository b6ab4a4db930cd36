/**
 * Queue names.
 *
 * WARNING: these strings are the keys of live data in Redis. Renaming one strands every job waiting in the old
 * queue (nobody consumes it any more). To rename: deploy consumers for both names, drain the old one, then remove it.
 */
export const QUEUES = {
  /** Fetch and store answered questions; on success, dispatch match jobs for the new events. */
  ingest: 'alerts-ingest',
  /**
   * Match a range of question events against one partition of the subscriptions. Not a queue itself: the stem of
   * one queue per partition (matchQueueName), so a matcher can take only the partitions it is given.
   */
  match: 'alerts-match',
  /** Fan a daily or weekly digest run out into one delivery job per subscriber. */
  digest: 'alerts-digest',
  /** Render and send one email (digest, immediate alert, confirmation, goodbye) and record it. */
  deliver: 'alerts-deliver',
  /**
   * Look in PostgreSQL for work owed but not in flight (a job Redis lost, a delivery whose retry is due, a match or
   * digest run never finished) and hand it out again. The scheduler enqueues one a minute; the ingester runs it.
   */
  reconcile: 'alerts-reconcile',
} as const;

/**
 * The queue of one partition's match jobs. A queue per partition rather than one for all: BullMQ hands any worker
 * any job of a queue, so with one queue every matcher ran every partition's jobs and held every partition's index
 * (2.7 GB at a million alerts). A matcher given MATCHER_PARTITIONS listens only to those queues.
 */
export const matchQueueName = (partition: number): string => `${QUEUES.match}-p${partition}`;
