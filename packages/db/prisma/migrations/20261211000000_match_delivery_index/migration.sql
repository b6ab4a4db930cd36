-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- A delivery's matches, found by its subscriber's alerts and its id. Without it, every statement that reads the
-- matches a delivery carries (its state, the release of a claim, a webhook's retry, the web's "See all" page) went
-- through the unique index on (alert, question) and fetched every match the alert ever had to keep the few this
-- delivery carries: an email's state read grew with the alert's history (20 ms at 2,000 past matches an alert,
-- against 0.5 ms for a new alert). Marking a match delivered stays heap-only (HOT): it sets "deliveryId" to the value
-- it already holds, and an index blocks HOT only when a column it reads changes.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Match_delivery_idx" ON "Match"("subscriptionId", "deliveryId") WHERE ("deliveryId" IS NOT NULL);
