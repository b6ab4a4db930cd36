-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- The reconciler erases, on every tick, the addresses still held by deliveries of subscribers who are gone: a
-- handful among years of rows (only goodbyes not yet final stay in it for long, at most a day).
CREATE INDEX CONCURRENTLY "Delivery_erasable_idx" ON "Delivery" ("createdAt") WHERE "subscriberId" IS NULL AND email <> '';
