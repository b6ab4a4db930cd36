-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- The index of matches no email has claimed, again, with a predicate that reads only "deliveryId". Its first version
-- (20261208000010) also read "deliveredAt", and PostgreSQL cannot update a row heap-only (HOT) when a column an
-- index's predicate reads changes: every match marked delivered (one row update per match, millions per batch) then
-- wrote a new entry into each of Match's indexes, and the table's fillfactor of 50, there to leave room for exactly
-- that update, was wasted (bench:pipeline showed 0 HOT updates of 101,181). The rows it holds are the same:
-- "deliveredAt" is only ever set together with "deliveryId" (record-sent.ts), so an unclaimed match is undelivered.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Match_unclaimed_idx" ON "Match"("subscriptionId") WHERE ("deliveryId" IS NULL);
