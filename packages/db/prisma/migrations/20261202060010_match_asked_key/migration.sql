-- WARNING: keep this the only statement of its migration (CONCURRENTLY: see 20261202000100_search_terms_index).
-- The key the matcher's ON CONFLICT names since keyword alerts on tabled questions: one match per (alert, question,
-- asked), so the match that announced an asking never blocks the one that announces the answer. Built concurrently:
-- on millions of matches it takes a while, and ingest, matchers and mailers keep writing meanwhile.
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "Match_subscriptionId_questionId_asked_key" ON "Match"("subscriptionId", "questionId", "asked");
