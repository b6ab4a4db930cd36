-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- The reconciler's sweep for unannounced immediate matches (sweep-immediate.ts) reads undelivered matches only. Without
-- this index it scanned every Match row ever delivered, so its cost grew with history (15.5 s at 2.9M rows); with it,
-- the cost follows what is still pending. Partial, so delivered matches leave the index.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Match_undelivered_createdAt_idx" ON "Match"("createdAt") WHERE ("deliveredAt" IS NULL);
