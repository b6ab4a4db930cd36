-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see the previous migration).
-- Rows not yet indexed (NULL terms) are candidates for every search; this partial index finds them without a scan.
CREATE INDEX CONCURRENTLY "Question_searchTerms_unindexed_idx" ON "Question" (id) WHERE "searchTerms" IS NULL;
