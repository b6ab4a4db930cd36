/**
 * Queue names.
 *
 * WARNING: these strings are the keys of live data in Redis. Renaming one strands every job waiting in the old
 * queue (nobody consumes it any more). To rename: deploy consumers for both names, drain the old one, then remove it.
 */
export const QUEUES = {
  /** Fetch and store answered questions; on success, dispatch match jobs for the new events. */
  ingest: 'alerts-ingest',
  /** Match a range of question events against one partition of the subscriptions. */
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
