-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- As Subscription_unconfirmed_idx, for follows.
CREATE INDEX CONCURRENTLY "Follow_unconfirmed_idx" ON "Follow" ("createdAt") WHERE "confirmedAt" IS NULL;
