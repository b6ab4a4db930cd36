-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- The reconciler reads the owed deliveries due now on every tick: a handful among years of sent ones.
CREATE INDEX CONCURRENTLY "Delivery_pending_idx" ON "Delivery" ("dueAt") WHERE status = 'PENDING';
