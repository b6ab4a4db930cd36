import type { SqlClient } from '@alerts/send-and-record';

export interface RecentMatch {
  questionId: number;
  asked: boolean;
  createdAt: Date;
}

// Newest first, by Match_feed_idx: a backward scan of the alert's rows, each unnested into its questions, that stops at
// the limit, however long the alert's history. Matches stored by one statement share its createdAt; a feed reader
// orders entries by their ids and times, not by their place in the document, so ties are left in the index's order.
const RECENT_MATCHES = `
SELECT q AS "questionId", m.asked, m."createdAt" FROM "Match" m, unnest(m."questionIds") q
WHERE m."subscriptionId" = $1
ORDER BY m."createdAt" DESC
LIMIT $2`;

/** An alert's `limit` newest matches, delivered or not: what its Atom feed shows. */
export async function loadRecentMatches(
  client: SqlClient,
  subscriptionId: string,
  limit: number,
): Promise<RecentMatch[]> {
  const { rows } = await client.query<RecentMatch>({
    name: 'recent-matches',
    text: RECENT_MATCHES,
    values: [subscriptionId, limit],
  });
  return rows;
}
