-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- Matches waiting for an email to claim them: digest and webhook matches, and immediate ones released or never
-- claimed. The reconciler's sweep and the digest run's planning read only these, so their cost follows what is
-- pending rather than history. Keyed by alert, so a digest or webhook claim (one alert's unclaimed matches) can use it
-- too; a delivery reading the matches it claimed (deliveryId = its id) cannot, as its predicate contradicts this one.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Match_unclaimed_subscriptionId_idx" ON "Match"("subscriptionId") WHERE (("deliveredAt" IS NULL) AND ("deliveryId" IS NULL));
