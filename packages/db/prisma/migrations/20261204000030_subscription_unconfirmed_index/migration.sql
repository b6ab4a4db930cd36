-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- The reconciler looks for recent unconfirmed alerts whose confirmation email was never planned, every minute: a
-- few among a million alerts.
CREATE INDEX CONCURRENTLY "Subscription_unconfirmed_idx" ON "Subscription" ("createdAt") WHERE "confirmedAt" IS NULL;
