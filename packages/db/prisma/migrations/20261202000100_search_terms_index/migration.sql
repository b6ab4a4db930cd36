-- WARNING: keep this the only statement of its migration. CREATE INDEX CONCURRENTLY cannot run inside a
-- transaction, and the migrator sends a one-statement migration on its own (several statements share an implicit
-- transaction). Concurrently, so building it on a store of years of answers does not block ingest.
CREATE INDEX CONCURRENTLY "Question_searchTerms_idx" ON "Question" USING GIN ("searchTerms");
