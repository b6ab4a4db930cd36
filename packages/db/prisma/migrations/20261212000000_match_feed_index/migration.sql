-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- An alert's newest matches, for its Atom feed (/feeds/:token: the latest 50). Without it the feed went through the
-- unique index on (alert, question), fetched every match the alert ever had and sorted them by time to keep 50: a
-- feed reader polling an alert with a long history cost PostgreSQL more each month. With it the read is a backward
-- scan that stops at 50. Marking a match delivered stays heap-only (HOT): it changes no column this index reads.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Match_feed_idx" ON "Match"("subscriptionId", "createdAt");
